//! What a theatre says about publishing its maps on a media wiki (Wikimedia
//! Commons): who made them, which data they are drawn from under which
//! licence, and the categories to file them under.

/// The manifest's `publishing` section.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Publishing {
    /// Author credited on description pages; `None`: whoever uploads.
    pub author: Option<String>,
    /// Licence the maps are published under, if the manifest chooses one;
    /// otherwise [`Publishing::licence`] picks the least restrictive one every
    /// source allows.
    pub licence: Option<Licence>,
    /// Wiki categories, without the `Category:` prefix.
    pub categories: Vec<String>,
    /// Data the maps are drawn from.
    pub sources: Vec<DataSource>,
}

/// A data source and its licence.
#[derive(Debug, Clone, PartialEq)]
pub struct DataSource {
    /// Name as credited ("Natural Earth").
    pub name: String,
    /// Where it comes from.
    pub url: Option<String>,
    /// Its licence.
    pub licence: Licence,
    /// Attribution text the licence asks for, if it names one.
    pub credit: Option<String>,
}

/// Licences of data and maps, ordered from the least to the most
/// restrictive for a derived map: a map may carry any licence at least as
/// restrictive as each of its sources'.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Licence {
    /// No rights reserved.
    PublicDomain,
    /// Creative Commons Zero 1.0.
    Cc0,
    /// Creative Commons Attribution 4.0.
    CcBy4,
    /// Creative Commons Attribution-ShareAlike 4.0.
    CcBySa4,
}

impl Licence {
    /// Spellings the manifest accepts (SPDX identifiers, and
    /// `public-domain`).
    pub const NAMES: [&'static str; 4] = ["public-domain", "CC0-1.0", "CC-BY-4.0", "CC-BY-SA-4.0"];

    /// The licence an SPDX identifier (or `public-domain`) names,
    /// ignoring case.
    pub fn parse(name: &str) -> Option<Licence> {
        let all = [
            Licence::PublicDomain,
            Licence::Cc0,
            Licence::CcBy4,
            Licence::CcBySa4,
        ];
        Licence::NAMES
            .iter()
            .position(|n| n.eq_ignore_ascii_case(name.trim()))
            .map(|i| all[i])
    }

    /// The identifier as the manifest writes it.
    pub fn name(self) -> &'static str {
        Licence::NAMES[self as usize]
    }

    /// How restrictive it is for a derived work: public domain and CC0 ask
    /// nothing, CC BY asks for credit, CC BY-SA also for the same licence.
    fn rank(self) -> u8 {
        match self {
            Licence::PublicDomain | Licence::Cc0 => 0,
            Licence::CcBy4 => 1,
            Licence::CcBySa4 => 2,
        }
    }

    /// Readable name for description pages.
    pub fn title(self) -> &'static str {
        match self {
            Licence::PublicDomain => "public domain",
            Licence::Cc0 => "CC0 1.0",
            Licence::CcBy4 => "CC BY 4.0",
            Licence::CcBySa4 => "CC BY-SA 4.0",
        }
    }

    /// The Wikimedia Commons licence template for a work published under it.
    pub fn commons_template(self) -> &'static str {
        match self {
            // A map's author can only dedicate it; CC0 is Commons' way.
            Licence::PublicDomain | Licence::Cc0 => "cc-zero",
            Licence::CcBy4 => "cc-by-4.0",
            Licence::CcBySa4 => "cc-by-sa-4.0",
        }
    }

    /// True when a map under `self` may use data under `source`.
    pub fn allows(self, source: Licence) -> bool {
        self.rank() >= source.rank()
    }
}

impl Publishing {
    /// The licence of the maps: the manifest's choice, else CC BY 4.0 or
    /// CC BY-SA 4.0 as the sources require (credit is asked for even when
    /// every source is public domain). An error names a source the
    /// manifest's choice does not allow.
    pub fn licence(&self) -> Result<Licence, String> {
        if let Some(chosen) = self.licence {
            return match self.sources.iter().find(|s| !chosen.allows(s.licence)) {
                Some(s) => Err(format!(
                    "licence {} does not allow source \"{}\" ({}); use {} or stricter",
                    chosen.name(),
                    s.name,
                    s.licence.name(),
                    s.licence.name()
                )),
                None => Ok(chosen),
            };
        }
        Ok(self
            .sources
            .iter()
            .map(|s| s.licence)
            .fold(Licence::CcBy4, |a, b| if b.allows(a) { b } else { a }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn source(licence: Licence) -> DataSource {
        DataSource {
            name: format!("data under {}", licence.name()),
            url: None,
            licence,
            credit: None,
        }
    }

    #[test]
    fn names_round_trip() {
        for n in Licence::NAMES {
            assert_eq!(Licence::parse(n).unwrap().name(), n);
        }
        assert_eq!(Licence::parse("cc-by-4.0"), Some(Licence::CcBy4));
        assert_eq!(Licence::parse("ODbL-1.0"), None);
    }

    #[test]
    fn the_licence_covers_every_source() {
        let mut p = Publishing {
            sources: vec![source(Licence::PublicDomain), source(Licence::CcBy4)],
            ..Default::default()
        };
        assert_eq!(p.licence(), Ok(Licence::CcBy4));
        p.sources.push(source(Licence::CcBySa4));
        assert_eq!(p.licence(), Ok(Licence::CcBySa4));
        p.licence = Some(Licence::CcBy4);
        let e = p.licence().unwrap_err();
        assert!(e.contains("CC-BY-SA-4.0"), "{e}");
        p.sources.pop();
        p.licence = Some(Licence::Cc0);
        assert!(p.licence().is_err(), "CC0 cannot carry CC BY data");
        p.licence = Some(Licence::CcBySa4);
        assert_eq!(p.licence(), Ok(Licence::CcBySa4));
    }

    #[test]
    fn public_domain_sources_still_ask_for_credit() {
        let p = Publishing {
            sources: vec![source(Licence::PublicDomain)],
            ..Default::default()
        };
        assert_eq!(p.licence(), Ok(Licence::CcBy4));
        assert_eq!(Licence::CcBy4.commons_template(), "cc-by-4.0");
    }
}
