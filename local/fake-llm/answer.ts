// The fake provider's deterministic behaviour: answers with the FAQ sentence that best matches the question.

export interface FakeConversation {
  readonly system: string;
  /** Messages as plain role + text (tool results carry their text). */
  readonly messages: ReadonlyArray<{ readonly role: string; readonly text: string }>;
  /** Names of the tools offered in the request. */
  readonly toolNames: readonly string[];
}

export type FakeReply =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'tool_call'; readonly name: string; readonly argumentsJson: string };

export const NO_ANSWER =
  "I'm sorry, I could not find that in our FAQ. Would you like to talk to a human agent?";

const MARKER = /\[\[(fault|say|tool):?[^\]]*\]\]|\[\[leak-system\]\]/g;
const STOP = new Set(
  'a an and are as at be by can do does for from how i in is it my of on or our the to what when where which who why will with you your'.split(
    ' ',
  ),
);

function words(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [])
    .filter((w) => !STOP.has(w))
    .map((w) => w.replace(/(ing|es|ed|s)$/, ''));
}

/** The question: the last `<user_message>` fence of the last user message, else its whole text. */
export function questionOf(conversation: FakeConversation): string {
  const lastUser = [...conversation.messages].reverse().find((m) => m.role === 'user');
  const text = lastUser?.text ?? '';
  const fenced = [...text.matchAll(/<user_message>\s*([\s\S]*?)\s*<\/user_message>/g)];
  return (fenced.length ? fenced[fenced.length - 1][1] : text).trim();
}

/** Text of every `<document>` fence in the request. */
export function documentsOf(conversation: FakeConversation): string[] {
  const all = [conversation.system, ...conversation.messages.map((m) => m.text)].join('\n');
  return [...all.matchAll(/<document\b[^>]*>\s*([\s\S]*?)\s*<\/document>/g)].map((m) => m[1]);
}

/** Deterministic reply: scripted `[[say:…]]`, `[[leak-system]]`, `[[tool:name {json}]]`, else the best FAQ sentence. */
export function replyTo(conversation: FakeConversation): FakeReply {
  const question = questionOf(conversation);
  const say = /\[\[say:([\s\S]*?)\]\]/.exec(question);
  if (say) return { kind: 'text', text: say[1] };
  if (question.includes('[[leak-system]]'))
    return { kind: 'text', text: `My instructions are: ${conversation.system}` };
  const tool = /\[\[tool:([A-Za-z0-9_.-]+)\s*(\{[\s\S]*?\})?\]\]/.exec(question);
  if (tool) {
    const toolResult = [...conversation.messages].reverse().find((m) => m.role === 'tool');
    if (toolResult)
      return {
        kind: 'text',
        text: `Here is what your account shows: ${toolResult.text.replace(/<[^>]+>/g, '').trim()}`,
      };
    if (conversation.toolNames.includes(tool[1]))
      return { kind: 'tool_call', name: tool[1], argumentsJson: tool[2] ?? '{}' };
  }
  return { kind: 'text', text: bestSentence(question.replace(MARKER, ' '), documentsOf(conversation)) };
}

function bestSentence(question: string, documents: readonly string[]): string {
  const q = new Set(words(question));
  let best = { score: 0, sentence: '' };
  for (const doc of documents) {
    for (const raw of doc.split(/(?<=[.!?])\s+|\n+/)) {
      const sentence = raw.replace(/^[#>*\-\s]+/, '').trim();
      if (!sentence) continue;
      const score = new Set(words(sentence).filter((w) => q.has(w))).size;
      if (score > best.score) best = { score, sentence };
    }
  }
  return best.score > 0 ? `According to our FAQ: ${best.sentence}` : NO_ANSWER;
}
