// The fake provider's deterministic answer: the FAQ sentence that best matches the question, plus scripted replies.
import { documentsOf, NO_ANSWER, questionOf, replyTo } from '../../local/fake-llm/answer';

const system = 'rules';
const userText = (question: string) =>
  '<documents>\n<document index="1" source="faq.md">\nOur store opens at 9:00. Parking is free for customers.\n</document>\n</documents>\n' +
  `<user_message>\n${question}\n</user_message>`;

describe('fake LLM answer', () => {
  it('reads the question from the last user fence and the documents from every fence', () => {
    const conversation = {
      system,
      messages: [{ role: 'user', text: userText('Is parking free?') }],
      toolNames: [],
    };
    expect(questionOf(conversation)).toBe('Is parking free?');
    expect(documentsOf(conversation)).toEqual(['Our store opens at 9:00. Parking is free for customers.']);
  });

  it('answers with the best-matching FAQ sentence', () => {
    const reply = replyTo({
      system,
      messages: [{ role: 'user', text: userText('Is parking free? [[fault:429]]') }],
      toolNames: [],
    });
    expect(reply).toEqual({ kind: 'text', text: 'According to our FAQ: Parking is free for customers.' });
  });

  it('says it does not know when nothing matches', () => {
    expect(
      replyTo({ system, messages: [{ role: 'user', text: userText('Do you sell boats?') }], toolNames: [] }),
    ).toEqual({
      kind: 'text',
      text: NO_ANSWER,
    });
  });

  it('plays scripted replies: say, leak-system and tool calls', () => {
    expect(
      replyTo({ system, messages: [{ role: 'user', text: userText('[[say:Hello there]]') }], toolNames: [] }),
    ).toEqual({ kind: 'text', text: 'Hello there' });
    expect(
      replyTo({ system, messages: [{ role: 'user', text: userText('[[leak-system]]') }], toolNames: [] }),
    ).toEqual({
      kind: 'text',
      text: 'My instructions are: rules',
    });
    expect(
      replyTo({
        system,
        messages: [{ role: 'user', text: userText('[[tool:get_order {"id":"1"}]]') }],
        toolNames: ['get_order'],
      }),
    ).toEqual({
      kind: 'tool_call',
      name: 'get_order',
      argumentsJson: '{"id":"1"}',
    });
  });
});
