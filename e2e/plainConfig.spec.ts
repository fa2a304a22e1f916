import { expect, test } from './fixtures';
import { TINY } from './labHelpers';

/*
 * A configuration typed by hand, as a newcomer does: a bad value in a link is refused by name
 * (never salvaged by dropping the valid layers with it), and a plain text file imports.
 */

test('a link with one bad family is refused, naming it; the page shows the app default', async ({
  page,
}) => {
  await page.goto('/?c=n=2;k=2,2;d=3,3;a=quantumfoo,basic');
  const banner = page.getByTestId('link-banner');
  await expect(banner).toContainText(
    "This link's configuration could not be used: layer 1: circuit family 'quantumfoo' is not one of",
  );
  await expect(banner).toContainText('Showing the defaults instead.');
  // What a page opened without a link trains (src/state/page/firstRun.ts): the default network
  // for 4 epochs.
  await expect
    .poll(() => new URL(page.url()).searchParams.get('c'))
    .toBe('n=2;k=2,2;d=3,3;a=basic,basic;ep=4');
});

test('Import run or configuration… applies a plain configuration text file', async ({
  page,
  lab,
}) => {
  await lab.open(`n=2;k=2,2;${TINY}`);
  await page.getByRole('button', { name: /Compare runs/ }).click();
  const dialog = page.getByRole('dialog', { name: 'Compare runs' });
  const config = `n=2;k=2,2;e=0-2,1-2;${TINY}`;
  await dialog.getByLabel('Import run or configuration file').setInputFiles({
    name: 'mine.txt',
    mimeType: 'text/plain',
    buffer: Buffer.from(`${config}\n`),
  });
  await expect(dialog.getByTestId('runs-status')).toContainText('loaded from mine.txt');
  await expect(page.getByTestId('paper-name')).toHaveText('X+O1+O2');
  expect(new URL(page.url()).searchParams.get('c')).toBe(config);
});
