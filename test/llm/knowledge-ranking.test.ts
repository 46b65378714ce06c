// Retrieval: passage splitting and BM25 ranking pick the tenant's relevant FAQ passage.
import {
  indexPassages,
  rankPassages,
  splitPassages,
  terms,
} from '../../lambdas/llm-worker/domain/knowledge-ranking';

const faq = [
  {
    name: 'faq/shipping.md',
    text: '# Shipping\n\nStandard shipping takes 3 to 5 business days within the EU.\n\nExpress shipping arrives the next day when ordered before noon.',
  },
  {
    name: 'faq/returns.md',
    text: '# Returns\n\nYou can return any item within 30 days for a full refund.\n\nRefunds are paid to the original payment method.',
  },
  { name: 'faq/contact.txt', text: 'Our support team is available Monday to Friday, 9:00 to 17:00 CET.' },
];

describe('knowledge ranking', () => {
  it('ranks the passage that answers the question first', () => {
    const ranked = rankPassages('How many days do I have to return an item?', splitPassages(faq));
    expect(ranked[0].source).toBe('faq/returns.md');
    expect(ranked[0].text).toContain('30 days');
  });

  it('matches word variants through stemming', () => {
    expect(terms('Shipping ships')).toEqual(['shipp', 'ship']);
    const ranked = rankPassages('when does express shipping arrive', splitPassages(faq));
    expect(ranked[0].text).toContain('Express shipping');
  });

  it('returns nothing when no passage shares a term with the question', () => {
    expect(rankPassages('quantum chromodynamics lecture', splitPassages(faq))).toEqual([]);
  });

  it('returns nothing for a question made only of stop words', () => {
    expect(rankPassages('what is it', splitPassages(faq))).toEqual([]);
  });

  it('respects the passage and character limits', () => {
    const ranked = rankPassages('shipping returns support refund days', splitPassages(faq), {
      maxPassages: 2,
      maxChars: 10_000,
    });
    expect(ranked).toHaveLength(2);
    const tight = rankPassages('shipping returns support refund days', splitPassages(faq), { maxChars: 80 });
    expect(tight.reduce((n, p) => n + p.text.length, 0)).toBeLessThanOrEqual(80);
  });

  it('cuts a long paragraph into passages of about the target size', () => {
    const long = Array.from({ length: 40 }, (_, i) => `Sentence number ${i} talks about widgets.`).join(' ');
    const passages = splitPassages([{ name: 'long.md', text: long }], 200);
    expect(passages.length).toBeGreaterThan(5);
    expect(passages.every((p) => p.text.length <= 200)).toBe(true);
  });
});

describe('indexPassages', () => {
  it('ranks exactly as the unindexed passages do, for every question asked of one index', () => {
    const passages = splitPassages([
      { name: 'faq/shipping.md', text: 'Parcels to Norway take 6 working days.\n\nExpress costs 9 EUR.' },
      { name: 'faq/returns.md', text: 'Returns are free within 30 days of delivery.' },
      { name: 'faq/gifts.md', text: 'Gift cards never expire and work in every store.' },
    ]);
    const index = indexPassages(passages);
    expect(rankPassages('Are returns free?', index)[0]?.source).toBe('faq/returns.md');
    for (const question of ['How long to Norway?', 'Are returns free?', 'Do gift cards expire?', 'the a'])
      expect(rankPassages(question, index)).toEqual(rankPassages(question, passages));
  });
});
