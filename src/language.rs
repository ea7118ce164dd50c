//! Languages: an article's language tag, and how its words become terms (with the Snowball
//! stemmer of its language, or unstemmed where there is none).
//!
//! [`STEMMED`] is the one table of stemmed languages. The default Wasm engine carries only the
//! English stemmer, because the other seventeen would add about a third to the module; the
//! `all-stemmers` feature (always on natively, and in `quire_all_bg.wasm`) carries them all.
//! An index says in its manifest whether it needs them (`allStemmers`), and the worker loads
//! the module that has them only then.

use std::borrow::Cow;

use rust_stemmers::{Algorithm, Stemmer};

/// The language of an article that names none, and of `quire.toml` without `default_language`.
pub const DEFAULT_LANGUAGE: &str = "en";

/// Language tag (ISO 639-1) → its Snowball stemmer: the languages whose words are stemmed.
pub const STEMMED: [(&str, Algorithm); 18] = [
    ("ar", Algorithm::Arabic),
    ("da", Algorithm::Danish),
    ("de", Algorithm::German),
    ("el", Algorithm::Greek),
    ("en", Algorithm::English),
    ("es", Algorithm::Spanish),
    ("fi", Algorithm::Finnish),
    ("fr", Algorithm::French),
    ("hu", Algorithm::Hungarian),
    ("it", Algorithm::Italian),
    ("nl", Algorithm::Dutch),
    ("no", Algorithm::Norwegian),
    ("pt", Algorithm::Portuguese),
    ("ro", Algorithm::Romanian),
    ("ru", Algorithm::Russian),
    ("sv", Algorithm::Swedish),
    ("ta", Algorithm::Tamil),
    ("tr", Algorithm::Turkish),
];

/// Languages Quire knows but has no stemmer for: their words are indexed as folded, and a
/// build names them without a warning (Chinese, Japanese and Korean are split into character
/// bigrams whatever the language, see `tokenize`).
const UNSTEMMED: [&str; 58] = [
    "af", "am", "az", "be", "bg", "bn", "bs", "ca", "cs", "cy", "eo", "et", "eu", "fa", "ga", "gl",
    "gu", "ha", "he", "hi", "hr", "hy", "id", "is", "ja", "ka", "kk", "km", "kn", "ko", "ku", "la",
    "lt", "lv", "mk", "ml", "mn", "mr", "ms", "my", "ne", "pa", "pl", "ps", "si", "sk", "sl", "sq",
    "sr", "sw", "th", "tl", "uk", "ur", "uz", "vi", "yi", "zh",
];

/// Whether this build carries every stemmer of [`STEMMED`] (else English only).
pub const ALL_STEMMERS_BUILT: bool = cfg!(feature = "all-stemmers");

/// A language tag as the index keeps it: its primary subtag, lower-cased (`fr-FR` → `fr`,
/// `EN` → `en`; Norwegian Bokmål and Nynorsk → `no`). Empty for an empty tag.
pub fn normalize(tag: &str) -> String {
    let primary = tag
        .trim()
        .split(['-', '_'])
        .next()
        .unwrap_or_default()
        .to_ascii_lowercase();
    match primary.as_str() {
        "nb" | "nn" => "no".to_string(),
        _ => primary,
    }
}

/// Whether Quire knows the (normalised) tag: a language it stems, or one it knows has no
/// stemmer. An unknown tag is kept, unstemmed, and the build warns about it.
pub fn is_known(tag: &str) -> bool {
    STEMMED.iter().any(|(t, _)| *t == tag) || UNSTEMMED.contains(&tag)
}

/// Whether a search of an index with these languages needs the stemmers that the default
/// engine leaves out: some language other than English has one.
pub fn needs_all_stemmers<'a>(tags: impl IntoIterator<Item = &'a str>) -> bool {
    tags.into_iter()
        .any(|tag| tag != DEFAULT_LANGUAGE && STEMMED.iter().any(|(t, _)| *t == tag))
}

/// How the words of one language become terms: cut by a Snowball stemmer, or kept as folded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stemming(Option<Algorithm>);

impl Default for Stemming {
    fn default() -> Stemming {
        Stemming::ENGLISH
    }
}

impl Stemming {
    /// English, the default.
    pub const ENGLISH: Stemming = Stemming(Some(Algorithm::English));
    /// Words kept as folded.
    pub const NONE: Stemming = Stemming(None);

    /// The stemming of a normalised language tag; `None` when it has a stemmer that this
    /// build leaves out (the default Wasm engine has English only).
    pub fn of(tag: &str) -> Option<Stemming> {
        match STEMMED.iter().find(|(t, _)| *t == tag) {
            None => Some(Stemming::NONE),
            Some(_) if tag == DEFAULT_LANGUAGE => Some(Stemming::ENGLISH),
            Some(&(_, algorithm)) => ALL_STEMMERS_BUILT.then_some(Stemming(Some(algorithm))),
        }
    }

    /// Whether the stemmer cuts this folded word: English stems ASCII words, the others
    /// words of letters only; words under three letters are kept.
    pub fn stems(self, folded: &str) -> bool {
        match self.0 {
            None => false,
            Some(Algorithm::English) => {
                folded.len() >= 3 && folded.bytes().all(|b| b.is_ascii_lowercase())
            }
            Some(_) => folded.chars().nth(2).is_some() && folded.chars().all(char::is_alphabetic),
        }
    }

    /// The term of a folded word (not a stop word): its stem, or the word itself.
    pub fn stem(self, folded: &str) -> Cow<'_, str> {
        match self.0 {
            Some(Algorithm::Arabic) if self.stems(folded) => Cow::Owned(stem_arabic(folded)),
            Some(algorithm) if self.stems(folded) => stemmer(algorithm).stem(folded),
            _ => Cow::Borrowed(folded),
        }
    }
}

/// Arabic words reach the stemmer folded, in the Persian letters that `tokenize` unifies
/// them to. Given them as such, the stemmer errs ("المدینه" would keep its final letter,
/// "مدینه" lose it), so it is given the Arabic letters back, a final heh as the teh marbuta
/// it most often was, and its stem is folded again.
fn stem_arabic(folded: &str) -> String {
    let mut arabic: String = folded
        .chars()
        .map(|c| match c {
            'ی' => 'ي',
            'ک' => 'ك',
            c => c,
        })
        .collect();
    if arabic.ends_with('ه') {
        arabic.pop();
        arabic.push('ة');
    }
    stemmer(Algorithm::Arabic)
        .stem(&arabic)
        .chars()
        .map(|c| match c {
            'ي' | 'ى' => 'ی',
            'ك' => 'ک',
            'ة' => 'ه',
            c => c,
        })
        .collect()
}

/// The stemmer of `algorithm`; without `all-stemmers`, only English can be asked for (see
/// [`Stemming::of`]), and naming only it keeps the other stemmers out of the module.
fn stemmer(algorithm: Algorithm) -> Stemmer {
    #[cfg(feature = "all-stemmers")]
    return Stemmer::create(algorithm);
    #[cfg(not(feature = "all-stemmers"))]
    {
        let _ = algorithm;
        Stemmer::create(Algorithm::English)
    }
}

/// The stemmings a query is stemmed with: the requested language's, when the index has
/// that language; else one per stemming of the index's languages (in their order, each
/// once). `Err` names a language whose stemmer this build leaves out.
pub fn query_stemmings(
    index_languages: &[String],
    requested: Option<&str>,
) -> Result<Vec<Stemming>, String> {
    let requested = requested.map(normalize).filter(|tag| !tag.is_empty());
    let chosen: Vec<&str> = match requested.as_deref() {
        Some(tag) if index_languages.iter().any(|l| l == tag) => vec![tag],
        _ => index_languages.iter().map(String::as_str).collect(),
    };
    let mut out: Vec<Stemming> = Vec::new();
    for tag in chosen {
        let stemming = Stemming::of(tag).ok_or_else(|| tag.to_string())?;
        if !out.contains(&stemming) {
            out.push(stemming);
        }
    }
    if out.is_empty() {
        out.push(Stemming::ENGLISH);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tables_are_sorted_and_apart() {
        assert!(STEMMED.windows(2).all(|w| w[0].0 < w[1].0));
        assert!(UNSTEMMED.windows(2).all(|w| w[0] < w[1]));
        assert!(
            UNSTEMMED
                .iter()
                .all(|t| !STEMMED.iter().any(|(s, _)| s == t))
        );
    }

    #[test]
    fn tags_normalise_to_their_primary_subtag() {
        assert_eq!(normalize("fr-FR"), "fr");
        assert_eq!(normalize(" EN_gb "), "en");
        assert_eq!(normalize("zh-Hant-TW"), "zh");
        assert_eq!(normalize("nb"), "no");
        assert_eq!(normalize(""), "");
        assert!(is_known("fa") && is_known("de") && !is_known("klingon"));
    }

    #[test]
    fn english_needs_only_the_default_engine() {
        assert!(!needs_all_stemmers(["en", "fa", "zh"]));
        assert!(needs_all_stemmers(["en", "fr"]));
    }

    #[test]
    fn each_language_stems_its_own_words() {
        let fr = Stemming::of("fr").unwrap();
        assert_eq!(fr.stem("elections"), fr.stem("election"));
        assert_eq!(Stemming::ENGLISH.stem("negotiations"), "negoti");
        assert_eq!(Stemming::NONE.stem("negotiations"), "negotiations");
        // English leaves non-ASCII words alone; Russian stems Cyrillic.
        assert_eq!(Stemming::ENGLISH.stem("москвы"), "москвы");
        let ru = Stemming::of("ru").unwrap();
        assert_eq!(ru.stem("москвы"), ru.stem("москва"));
    }

    #[test]
    fn arabic_stems_its_words_as_folded() {
        let ar = Stemming::of("ar").unwrap();
        let term = |word: &str| ar.stem(&crate::tokenize::fold(word)).into_owned();
        // With and without the article, with teh marbuta (folded to heh): one stem, in
        // folded letters.
        assert_eq!(term("المدينة"), term("مدينة"));
        assert_eq!(term("المدرسة"), term("مدرسة"));
        assert_eq!(term("المكتبات"), term("مكتبة"));
        assert_eq!(term("مدينة"), crate::tokenize::fold("مدين"));
    }

    #[test]
    fn a_query_is_stemmed_for_the_requested_language_or_all() {
        let langs = vec!["en".to_string(), "fa".to_string(), "fr".to_string()];
        let all = query_stemmings(&langs, None).unwrap();
        assert_eq!(all.len(), 3);
        assert_eq!(query_stemmings(&langs, Some("fr-CA")).unwrap().len(), 1);
        // A language the index does not have: all of its languages.
        assert_eq!(query_stemmings(&langs, Some("de")).unwrap().len(), 3);
        assert_eq!(query_stemmings(&[], None).unwrap(), [Stemming::ENGLISH]);
    }
}
