// Types of the threat-model matrix: one row per seed mitigation, with what implements it and what proves it.

/** STRIDE: Spoofing, Tampering, Repudiation, Information disclosure, Denial of service, Elevation of privilege. */
export type StrideLetter = 'S' | 'T' | 'R' | 'I' | 'D' | 'E';

/** The part of the product (helper branch) that owns the implementing code and the proof. */
export type Owner =
  'governance' | 'infra' | 'tokens' | 'chat' | 'llm' | 'admin' | 'widget' | 'local' | 'lead';

/**
 * `implemented`: the code and the proving tests exist (the guard verifies every reference);
 * `planned`: the row names the intended implementation and test, which do not exist yet.
 */
export type RowStatus = 'implemented' | 'planned';

/** Where in the seeds a mitigation is stated (quote and section are verbatim from the seed text). */
export interface SeedReference {
  /** `cloud-system-design` = docs/threat-model/seed-cloud-system-design.txt; `overview` = seed-overview.txt. */
  readonly document: 'cloud-system-design' | 'overview';
  /** Component of the STRIDE table, key risk, or section heading, verbatim. */
  readonly section: string;
  /** The mitigation's words in the seed, verbatim. */
  readonly quote: string;
}

export interface ThreatModelRow {
  /** Stable id, e.g. `ALB-TLS`. */
  readonly id: string;
  /** What the product does about it, concretely. */
  readonly mitigation: string;
  readonly seed: SeedReference;
  readonly stride: readonly StrideLetter[];
  /** Repository-relative files, optionally `#Symbol` (the symbol must occur in the file). */
  readonly implementedBy: readonly string[];
  /** `test/<area>/<file>.test.ts › <exact test title>`; a proof asserts the value or an attack refused. */
  readonly provenBy: readonly string[];
  readonly owner: Owner;
  readonly status: RowStatus;
}

/** Separator between a test file and a test title in `provenBy`. */
export const PROOF_SEPARATOR = ' › ';
