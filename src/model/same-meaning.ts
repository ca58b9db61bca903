// The judge criterion for "the agent's reply means the same as this text". The platform compares a
// golden agent response by meaning; character similarity would pass a wrong name or amount that
// shares the wording ("Bob" for "Ada"), so every semantic text check becomes this judge criterion:
// platform pull, convert and the cxas-scrapi golden loader write the same words.

/** The judge criterion of a semantically compared agent response. */
export function sameMeaningPrompt(text: string): string {
  return (
    `The agent's reply in this turn means the same as: "${text}". Wording may differ; ` +
    'a different fact, name, number or amount does not match.'
  );
}
