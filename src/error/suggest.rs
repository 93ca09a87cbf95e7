//! Suggestions for misspelt names in error messages.

/// " (did you mean \"x\"?)" for the closest of `known`, or "" if none is close.
///
/// Two measures, because each misses what the other sees: Jaro-Winkler ranks long names with a shared start
/// well but, on three-letter power codes, cannot see a swap of two letters ("NRO" for "NOR"); the edit
/// distance with transpositions counts that swap as one edit. Case is ignored: "nor" means "NOR".
pub fn suggest(word: &str, known: &[&str]) -> String {
    let lower = word.to_lowercase();
    let near = |k: &str| {
        let k_lower = k.to_lowercase();
        let edits = strsim::osa_distance(&lower, &k_lower);
        let similar = strsim::jaro_winkler(&lower, &k_lower);
        // One edit in a short name, or one in four in a longer one, is a slip of the keyboard.
        let few_edits = edits <= (k_lower.chars().count() / 4).max(1);
        (few_edits || similar > 0.8).then_some((edits, similar))
    };
    known
        .iter()
        .filter(|k| **k != word)
        .filter_map(|k| near(k).map(|score| (score, *k)))
        .min_by(|((ea, sa), _), ((eb, sb), _)| ea.cmp(eb).then(sb.total_cmp(sa)))
        .map(|(_, k)| format!(" (did you mean \"{k}\"?)"))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::suggest;

    #[test]
    fn swapped_letters_are_suggested() {
        let codes = ["NOR", "SUD", "ENT"];
        assert_eq!(suggest("NRO", &codes), " (did you mean \"NOR\"?)");
        assert_eq!(suggest("SDU", &codes), " (did you mean \"SUD\"?)");
    }

    #[test]
    fn a_wrong_letter_and_case_are_suggested() {
        let codes = ["NOR", "SUD"];
        assert_eq!(suggest("NOX", &codes), " (did you mean \"NOR\"?)");
        assert_eq!(suggest("sud", &codes), " (did you mean \"SUD\"?)");
    }

    #[test]
    fn long_names_keep_their_suggestions() {
        let keys = ["fill-color", "fill-opacity", "line-color", "line-width"];
        assert_eq!(
            suggest("fill-colour", &keys),
            " (did you mean \"fill-color\"?)"
        );
        assert_eq!(
            suggest("line-widht", &keys),
            " (did you mean \"line-width\"?)"
        );
    }

    #[test]
    fn nothing_near_gives_no_suggestion() {
        assert_eq!(suggest("XYZ", &["NOR", "SUD"]), "");
        assert_eq!(suggest("zzzz", &["fill-color", "line-width"]), "");
    }
}
