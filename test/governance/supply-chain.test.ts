// Supply chain: exact versions, a lockfile with integrity hashes from the npm registry, audit gate and SBOM scripts.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
const EXACT = /^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/;

describe('supply chain', () => {
  it('every direct dependency is pinned to an exact version (no ranges, tags or URLs)', () => {
    const declared = { ...pkg.dependencies, ...pkg.devDependencies, ...pkg.optionalDependencies } as Record<
      string,
      string
    >;
    const ranged = Object.entries(declared).filter(([, version]) => !EXACT.test(version));
    expect(ranged).toEqual([]);
    expect(Object.keys(declared).length).toBeGreaterThan(10);
  });

  it('the lockfile pins every installed package with an sha512 integrity hash', () => {
    // Bundled packages ship inside their parent's tarball and are covered by the parent's hash.
    const packages = Object.entries(lock.packages as Record<string, any>).filter(
      ([path, entry]) => path !== '' && !entry.link && !entry.inBundle,
    );
    expect(packages.length).toBeGreaterThan(100);
    const unpinned = packages.filter(
      ([, entry]) =>
        !/^sha512-/.test(entry.integrity ?? '') ||
        (entry.resolved !== undefined && !String(entry.resolved).startsWith('https://registry.npmjs.org/')),
    );
    expect(unpinned.map(([path]) => path)).toEqual([]);
  });

  it('the lockfile matches package.json: every direct dependency resolves to the declared version', () => {
    const declared = { ...pkg.dependencies, ...pkg.devDependencies } as Record<string, string>;
    for (const [name, version] of Object.entries(declared)) {
      expect(`${name}@${lock.packages[`node_modules/${name}`]?.version}`).toBe(`${name}@${version}`);
    }
  });

  it('the audit gate fails on high and critical advisories and the SBOM is CycloneDX', () => {
    expect(pkg.scripts['audit:deps']).toBe('npm audit --audit-level=high');
    expect(pkg.scripts.sbom).toContain('npm sbom --sbom-format=cyclonedx');
    expect(pkg.scripts.sbom).toContain('> dist/sbom.cdx.json');
  });
});
