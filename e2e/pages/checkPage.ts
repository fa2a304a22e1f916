// The one page of every browser check (check.html): it runs the check module its address names,
// `check.html?check=simcheck` runs ./simcheck.ts (e2e/checkPageServer.ts builds the address).
const checks = import.meta.glob(['./*check.ts']);

const name = new URLSearchParams(location.search).get('check') ?? '';
const load = checks[`./${name}.ts`];
document.title = `ResQuNN Lab: ${name}`;
if (load) void load();
else
  document.getElementById('out')!.textContent =
    `no check named '${name}': one of ${Object.keys(checks).join(', ')}`;
