// Package taxonomy holds ACLED's event taxonomy (6 event types, 25
// sub-event types, each with its disorder type and definition) and maps
// every sub-event type to the nearest CAMEO code and PLOVER event type and
// mode.
//
// The table lives in data/taxonomy.yaml, embedded in the binary and parsed
// and validated on the first call to Default. docs/taxonomy.md documents it
// for readers, with the sources:
//
//   - ACLED Codebook (2023), Armed Conflict Location & Event Data Project:
//     event types, sub-event types, disorder types and definitions (the
//     definitions are paraphrases, not quotations).
//   - CAMEO Codebook 1.1b3 (Schrodt, Gerner & Yilmaz): two-digit root codes
//     ("cue categories") and the most specific code that fits.
//   - PLOVER draft 0.8 (Open Event Data Alliance, 2021,
//     github.com/openeventdata/PLOVER) and its CAMEO2PLOVER crosswalk:
//     event categories and modes.
//
// A mapping describes what actor1 does in the ACLED event. ACLED, CAMEO and
// PLOVER divide events differently, so several mappings are approximate;
// SubEventType.Note says how. Empty CAMEO or PLOVER fields mean no
// defensible equivalent (ACLED's "Other"), and an empty PLOVER mode means
// none of PLOVER's modes fits the sub-event type as a whole.
package taxonomy
