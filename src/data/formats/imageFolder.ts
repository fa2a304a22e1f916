/**
 * A dataset from PNG/JPEG images, one subfolder per class (`cat/001.png`, `dog/002.jpg`), from a
 * folder or a zip. Top folders named `train` and `test`, each with the class subfolders, give the
 * test set from the files; otherwise the stated split applies (assemble.ts). A single folder
 * around it all (`photos/cat/001.png`) is looked through. Files the operating system adds
 * (`__MACOSX/`, `.DS_Store`, `Thumbs.db`, anything hidden) are skipped; any other file that is not
 * an image is an error, not silently dropped, so a user knows exactly what was trained on.
 */
import { assembleDataset, type LabelledImages } from './assemble';
import type { Dataset } from './dataset';
import { DatasetError } from './datasetError';
import { decodeGrayImage, imageKind } from './decodeImage';
import type { ImportOptions, InputFile } from './inputFile';
import { areaResize } from './resize';

const IMAGE_EXTENSION = /\.(png|jpe?g)$/i;

/** Files an operating system leaves in folders and zips, never the user's data. */
export function isSystemFile(path: string): boolean {
  return path
    .split('/')
    .some(
      (part) =>
        part.startsWith('.') || part === '__MACOSX' || /^(thumbs\.db|desktop\.ini)$/i.test(part),
    );
}

export function isImageFile(file: InputFile): boolean {
  return IMAGE_EXTENSION.test(file.path) || imageKind(file.bytes) !== null;
}

interface Entry {
  readonly file: InputFile;
  readonly parts: string[];
}

function stripCommonFolder(entries: Entry[]): Entry[] {
  let list = entries;
  while (
    list.length > 0 &&
    list.every((e) => e.parts.length > 2 && e.parts[0] === list[0].parts[0])
  ) {
    list = list.map((e) => ({ ...e, parts: e.parts.slice(1) }));
  }
  return list;
}

export function imageFolderDataset(files: readonly InputFile[], options: ImportOptions): Dataset {
  const entries = stripCommonFolder(
    files
      .filter((f) => !isSystemFile(f.path))
      .map((file) => ({ file, parts: file.path.split('/') })),
  );
  for (const { file } of entries) {
    if (!isImageFile(file)) {
      throw new DatasetError(
        file.path,
        'not-image',
        'not a PNG or JPEG image, in a dataset of images',
        'An image dataset holds only .png/.jpg files, one subfolder per class: remove this file',
      );
    }
  }
  const depth = entries[0]?.parts.length ?? 0;
  const loose = entries.find((e) => e.parts.length === 1);
  if (loose) {
    throw new DatasetError(
      loose.file.path,
      'format',
      'an image outside any class folder',
      'Put each image in a subfolder named after its class (cat/001.png, dog/002.png)',
    );
  }
  const splitFolders = depth === 3 && entries.every((e) => /^(train|test)$/i.test(e.parts[0]));
  const odd = entries.find((e) => e.parts.length !== depth || (depth === 3 && !splitFolders));
  if (odd || depth > 3) {
    const file = (odd ?? entries[0]).file.path;
    throw new DatasetError(
      file,
      'format',
      'images at different folder depths',
      'Use one subfolder per class (cat/001.png), or train/ and test/ folders each holding those class folders',
    );
  }
  let size: [number, number] | undefined;
  let first = '';
  const read = (list: Entry[], file: string): LabelledImages => {
    const side = options.side;
    const images = new Float32Array(list.length * side * side);
    const labels: string[] = [];
    list.forEach((entry, i) => {
      const image = decodeGrayImage(entry.file.bytes, entry.file.path);
      if (!size) {
        size = [image.height, image.width];
        first = entry.file.path;
      } else if (image.height !== size[0] || image.width !== size[1]) {
        throw new DatasetError(
          entry.file.path,
          'sizes',
          `an image of ${image.width}×${image.height} pixels among images of ${size[1]}×${size[0]} (${first})`,
          'Give every image the same size',
        );
      }
      images.set(areaResize(image.pixels, image.height, image.width, side), i * side * side);
      labels.push(entry.parts[entry.parts.length - 2]);
    });
    return { file, images, labels };
  };
  const root = files[0]?.path.split('/')[0] ?? 'images';
  const byName = (a: Entry, b: Entry) => (a.file.path < b.file.path ? -1 : 1);
  const inSplit = (name: string) =>
    entries.filter((e) => e.parts[0].toLowerCase() === name).sort(byName);
  const train = splitFolders
    ? read(inSplit('train'), `${root}/train`)
    : read([...entries].sort(byName), root);
  const test = splitFolders ? read(inSplit('test'), `${root}/test`) : undefined;
  if (splitFolders && (train.labels.length === 0 || test!.labels.length === 0)) {
    throw new DatasetError(
      root,
      'format',
      `a ${train.labels.length ? 'test' : 'train'} folder with no images`,
      'Fill both train/ and test/, or use class folders alone',
    );
  }
  return assembleDataset({
    name: options.name,
    format: 'images',
    side: options.side,
    sourceSize: size ?? [0, 0],
    train,
    test,
  });
}
