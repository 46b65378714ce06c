// A small EventBridge pattern matcher (exact, prefix, anything-but, exists) for proving alert rules with sample events.
type Json = unknown;

function matchesValue(matcher: Json, value: Json): boolean {
  if (matcher === null || typeof matcher !== 'object') return value === matcher;
  const m = matcher as Record<string, Json>;
  if ('prefix' in m) return typeof value === 'string' && value.startsWith(m.prefix as string);
  if ('exists' in m) return (value !== undefined) === m.exists;
  if ('anything-but' in m) {
    const but = m['anything-but'];
    if (but !== null && typeof but === 'object' && !Array.isArray(but) && 'prefix' in but) {
      const prefixes = ([] as string[]).concat((but as { prefix: string | string[] }).prefix);
      return typeof value === 'string' && !prefixes.some((p) => value.startsWith(p));
    }
    return value !== undefined && !([] as Json[]).concat(but).includes(value);
  }
  throw new Error(`unsupported matcher ${JSON.stringify(matcher)}`);
}

/** True when `event` matches the rendered CloudFormation EventPattern (keys such as `detail-type`). */
export function eventMatches(pattern: Record<string, Json>, event: Record<string, Json>): boolean {
  return Object.entries(pattern).every(([key, expected]) => {
    const actual = event[key];
    if (Array.isArray(expected)) {
      const values = Array.isArray(actual) ? actual : [actual];
      return expected.some((m) =>
        m !== null && typeof m === 'object' && 'exists' in m
          ? matchesValue(m, actual)
          : values.some((v) => matchesValue(m, v)),
      );
    }
    if (actual === null || typeof actual !== 'object') return false;
    return eventMatches(expected as Record<string, Json>, actual as Record<string, Json>);
  });
}

/** A CloudTrail "AWS API Call via CloudTrail" event as EventBridge delivers it. */
export function cloudTrailEvent(
  source: string,
  eventName: string,
  userIdentity: Record<string, Json>,
  extra: Record<string, Json> = {},
): Record<string, Json> {
  return {
    source,
    'detail-type': 'AWS API Call via CloudTrail',
    account: '111111111111',
    region: 'eu-west-1',
    detail: {
      eventSource: `${source.replace(/^aws\./, '')}.amazonaws.com`,
      eventName,
      userIdentity,
      sourceIPAddress: '203.0.113.10',
      ...extra,
    },
  };
}
