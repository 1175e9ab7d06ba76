/**
 * British spellings folded to American ones before stemming, so that "criticise" meets
 * "criticize" and "labour" meets "labor". Applied to every article alike, a rule can only merge
 * words that differ by the rule itself: "promise" becomes "promize" in every outlet, harmlessly.
 * Rules are suffix rewrites on lower-case words, tried in order; the first that applies wins.
 */
const RULES: ReadonlyArray<readonly [RegExp, string]> = [
  // -ise/-isation family: criticise, organised, realising, privatisation (5+ letters before).
  [/^([a-z]{3,}[^aeiou])is(e|es|ed|ing|ation|ations|er|ers)$/, '$1iz$2'],
  // -yse: analyse, paralysed.
  [/^([a-z]{2,})ys(e|es|ed|ing)$/, '$1yz$2'],
  // -our: labour, honoured, favourite, behaviour, neighbours (not "tour", "four", "your": too short).
  [/^([a-z]{2,}(?:[^aeiou]|i))our(s|ed|ing|ite|ites|able|er|ers|ful)?$/, '$1or$2'],
  // -tre: centre, theatres, metre.
  [/^([a-z]{2,})tre(s|d)?$/, '$1ter$2'],
  // -ence nouns spelt -ense in American English.
  [/^(def|off|lic|pret)ence(s)?$/, '$1ense$2'],
  // -ogue: catalogue, dialogues (not "vogue", "rogue": too short).
  [/^([a-z]{3,})ogue(s)?$/, '$1og$2'],
];

/** The American spelling of a lower-case word, or the word itself. */
export function americanSpelling(word: string): string {
  if (word.length < 5) return word;
  for (const [re, to] of RULES) if (re.test(word)) return word.replace(re, to);
  return word;
}
