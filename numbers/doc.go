// Package numbers recognises cardinal numbers in news text: counts of
// people, vehicles, buildings. It gives the event builder the figures from
// which casualties are coded.
//
// # What counts
//
//   - Digits, with thousands separators ("1,200") and with a scale word
//     ("3 million", "1.5 million").
//   - Number words, compounds included: "one", "twenty-three", "three
//     hundred and fifty", "two thousand", "a dozen", "two dozen", "a hundred".
//   - Vague quantities (Number.Vague = true). ACLED fixes "tens" = 10,
//     "dozens" = 12 and "hundreds" = 100 "and so on"; this package follows
//     it and extends it the same way: "scores" = 20, "thousands" = 1000,
//     "millions" = 1,000,000, "tens of thousands" = 10,000, "hundreds of
//     thousands" = 100,000, "thousands upon thousands" = 1000. ACLED gives
//     no figure for "several" or "a few": both are 3 here (the smallest
//     reading, in line with ACLED's rule of the most conservative
//     estimate), so "several hundred" = 300 and "a few dozen" = 36. "tens"
//     and "scores" count only before "of" ("tens of civilians"); "many",
//     "numerous" and "a number of" are not numbers.
//   - Qualifiers before the number are part of the span and are reduced to
//     the four canonical values of evident.Number.Qualifier:
//     "at least" (at least, no fewer than, no less than, a minimum of),
//     "more than" (more than, over, upwards of, in excess of, well over,
//     just over), "up to" (up to, as many as, at most, fewer than, less
//     than, under, a maximum of) and "about" (about, around, some, nearly,
//     almost, approximately, roughly, an estimated, close to, circa).
//   - Ranges are one phrase: "10 to 15", "10-15", "between 10 and 15",
//     "two or three", "2 to 3 million". Number.Value is the low end; the
//     high end is Match.High, and Range(mention.Text) recovers it from a
//     mention, since evident.Number has no field for it.
//
// # What does not count
//
// Years (four digits in 1900..2100 unless a plural noun follows, as in
// "1950 refugees"; always after "in", "since"... or next to a month),
// dates ("31 January", "Jan. 31", "2017-01-31", "31/01/2017"), clock times
// ("5:30", "0914", "5 pm", "1849 UTC"), ordinals ("21st"; "first" is not a
// number word), percentages ("5%", "5 percent", "5 per cent"), money ("$5",
// "5 million dollars"), measures ("five minutes", "two years", "20 km",
// "12-year-old", "three-day"), identifiers ("F-16", "Resolution 2254",
// "Route 1"), leading-zero codes ("05"), ages ("aged 12") and the pronoun
// "one" ("no one", "the one", "one another"). A bare "one" is a number
// with low confidence (0.6).
//
// # Rules and confidence
//
// number:digits 0.95, number:words 0.9 ("one" 0.6), number:vague 0.7,
// number:range 0.9.
//
// The scanner reads the sentence text directly, one pass over its own
// light tokens (words, digit runs, punctuation, with whether a space
// precedes each), so it does not depend on how the segment stage
// tokenises "1,200" or "twenty-three". It allocates only the mentions.
package numbers
