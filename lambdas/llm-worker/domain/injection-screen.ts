// Prompt-injection screen (OWASP LLM01): scores user, retrieved and partner text for instruction-like content.
export interface ScreenResult {
  readonly flagged: boolean;
  readonly score: number;
  /** Names of the patterns that matched (for logs; never the text itself). */
  readonly matches: readonly string[];
}

const PATTERNS: ReadonlyArray<{ name: string; weight: number; pattern: RegExp }> = [
  {
    name: 'ignore-instructions',
    weight: 3,
    pattern:
      /\b(ignore|disregard|forget|override|bypass)\b[^.\n]{0,40}\b(previous|prior|above|earlier|all|any|your|the|system)\b[^.\n]{0,30}\b(instructions?|prompts?|rules?|guidelines?|directions?)\b/i,
  },
  {
    name: 'reveal-prompt',
    weight: 3,
    pattern:
      /\b(reveal|show|print|repeat|output|display|leak|tell me)\b[^.\n]{0,40}\b(system|hidden|initial|original|secret)\s+(prompt|instructions?|message|rules)\b/i,
  },
  {
    name: 'role-override',
    weight: 2,
    pattern:
      /\b(you are now|from now on,? you|pretend (to be|you are)|act as (an? )?(unfiltered|jailbroken|dan))\b/i,
  },
  { name: 'jailbreak-terms', weight: 2, pattern: /\b(jailbreak|developer mode|dan mode|do anything now)\b/i },
  {
    name: 'chat-markup',
    weight: 3,
    pattern:
      /(<\|im_start\|>|<\|system\|>|<\/?system>|\[\/?INST\]|^\s*#{2,}\s*(system|assistant)\s*:?\s*$)/im,
  },
  { name: 'fake-role-turn', weight: 2, pattern: /^\s*(system|assistant|developer)\s*:/im },
  {
    name: 'new-instructions',
    weight: 2,
    pattern: /\b(new|updated|real|actual) (instructions?|system prompt|rules)\b\s*:/i,
  },
  {
    name: 'exfiltration-link',
    weight: 2,
    pattern: /!\[[^\]]*\]\(https?:\/\/[^)]*\{|https?:\/\/[^\s)]*\?(q|data|d|exfil)=\{/i,
  },
  {
    name: 'tool-coercion',
    weight: 2,
    pattern:
      /\b(call|invoke|use|run)\b[^.\n]{0,20}\b(tool|function)\b[^.\n]{0,40}\b(with|using)\b[^.\n]{0,20}\b(admin|all users|every)\b/i,
  },
];

/** Text scoring at or above this is treated as an injection attempt. */
export const INJECTION_THRESHOLD = 3;

export function screenForInjection(text: string): ScreenResult {
  const normalized = text.normalize('NFKC').replace(/[\u200B-\u200F\u2060\uFEFF]/g, '');
  const matches = PATTERNS.filter((p) => p.pattern.test(normalized));
  const score = matches.reduce((sum, p) => sum + p.weight, 0);
  return { flagged: score >= INJECTION_THRESHOLD, score, matches: matches.map((m) => m.name) };
}
