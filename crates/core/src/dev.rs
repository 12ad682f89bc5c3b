//! Developer tools: a reproducible generator of news-like corpora for benchmarks.
//!
//! `docent dev gen-corpus N DIR [--seed S]` writes N documents: realistic sentence shapes, a
//! population of people (accented names, shared surnames), places, organizations, absolute and
//! relative dates, ` date YYYY-MM-DD ` headers on most files, and sizes from 1 KB to 1 MB with a
//! long tail (mean about 4 KB). Invented names only: nothing here comes from a real corpus.

use std::io::Write;
use std::path::Path;

/// A small deterministic PRNG (SplitMix64): reproducible corpora without a dependency.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
    pub fn chance(&mut self, percent: u64) -> bool {
        self.next_u64() % 100 < percent
    }
}

const GIVEN: &[&str] = &[
    "Ana",
    "Tomás",
    "Lucía",
    "Mateo",
    "Sofía",
    "Jonas",
    "Amara",
    "Kwame",
    "Yuki",
    "Priya",
    "Omar",
    "Elena",
    "Marek",
    "Zofia",
    "Ingrid",
    "Rafael",
    "Chiara",
    "Dmitri",
    "Aylin",
    "Nikolai",
    "Fatima",
    "Joaquín",
    "Helene",
    "Bruno",
    "Ines",
    "Tariq",
    "Mei",
    "Camille",
    "Andrés",
    "Noor",
    "Lars",
    "Renée",
    "Emeka",
    "Valentina",
    "Hugo",
    "Sipho",
    "Astrid",
    "Paulo",
    "Leila",
    "Víctor",
];
const SURNAMES: &[&str] = &[
    "Alvarado",
    "Benítez",
    "Castellano",
    "Duarte",
    "Echeverría",
    "Fontaine",
    "Gallardo",
    "Halvorsen",
    "Iwasaki",
    "Jovanović",
    "Kowalczyk",
    "Lindqvist",
    "Moreau",
    "Nakamura",
    "Okonkwo",
    "Pellegrini",
    "Quiroga",
    "Rasmussen",
    "Szabó",
    "Takahashi",
    "Urquhart",
    "Vasquez",
    "Wójcik",
    "Yilmaz",
    "Zamora",
    "Mbeki",
    "Ferreira",
    "Novak",
    "Haddad",
    "Oyelaran",
];
const TITLES: &[&str] = &[
    "President",
    "Minister",
    "Governor",
    "Mayor",
    "Senator",
    "opposition leader",
    "lawmaker",
    "spokeswoman",
    "spokesman",
    "General",
    "Judge",
    "Chief Executive",
];
const PLACES: &[&str] = &[
    "Valdoria",
    "Port Esmeralda",
    "San Telmo del Norte",
    "Kirovsk",
    "Ostrava",
    "Lagos",
    "Tromsø",
    "Nueva Castilla",
    "Brennholm",
    "Marrakesh",
    "Quezon City",
    "Montevideo",
    "Ankara",
    "Kraków",
    "the Aldana Province",
    "Rio Claro",
    "Eastbridge",
    "Lake Verin",
    "Santa Inés",
    "Oulu",
];
const ORGS: &[&str] = &[
    "the National Electoral Council",
    "the Unity Front",
    "the Ministry of Finance",
    "Harbor Freight Inc.",
    "the Continental Observers Mission",
    "the People's Progressive Party",
    "the Central Bank",
    "the Farmers Union",
    "Meridian Energy Corp.",
    "the Supreme Court",
    "the Civic Platform",
    "the Institute for Democratic Studies",
    "Northwind Media",
    "the Regional Health Agency",
    "the Workers' Assembly",
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const VERBS: &[&str] = &[
    "said",
    "told reporters",
    "announced",
    "warned",
    "argued",
    "confirmed",
    "denied",
];
const TOPICS: &[&str] = &[
    "the budget",
    "the election results",
    "new sanctions",
    "the port expansion",
    "fuel prices",
    "the ceasefire talks",
    "a corruption inquiry",
    "the harvest",
    "water rationing",
    "the new constitution",
];

fn person(rng: &mut Rng) -> String {
    let g = rng.pick(GIVEN);
    let s = rng.pick(SURNAMES);
    if rng.chance(15) {
        format!("{g} {s} {}", rng.pick(SURNAMES))
    } else {
        format!("{g} {s}")
    }
}

fn date_phrase(rng: &mut Rng, year: i32) -> String {
    match rng.below(8) {
        0 => format!("on {} {}, {year}", rng.pick(MONTHS), 1 + rng.below(28)),
        1 => format!("on {}", rng.pick(WEEKDAYS)),
        2 => format!("in {}", rng.pick(MONTHS)),
        3 => format!("in {}", year - rng.below(10) as i32),
        4 => "last month".to_string(),
        5 => "this week".to_string(),
        6 => format!("{} {}", rng.pick(MONTHS), 1 + rng.below(28)),
        _ => "yesterday".to_string(),
    }
}

fn sentence(rng: &mut Rng, year: i32) -> String {
    let p = person(rng);
    let surname = p.rsplit(' ').next().unwrap_or("").to_string();
    match rng.below(7) {
        0 => format!(
            "{} {p} {} {} that {} would review {}.",
            rng.pick(TITLES),
            rng.pick(VERBS),
            date_phrase(rng, year),
            rng.pick(ORGS),
            rng.pick(TOPICS)
        ),
        1 => format!(
            "Speaking in {}, {surname} {} the plan was \"unacceptable\".",
            rng.pick(PLACES),
            rng.pick(VERBS)
        ),
        2 => format!(
            "{} officials met in {} {} to discuss {}.",
            capitalize(rng.pick::<&str>(ORGS)),
            rng.pick(PLACES),
            date_phrase(rng, year),
            rng.pick(TOPICS)
        ),
        3 => format!(
            "According to {}, about {} people protested in {} over {}.",
            rng.pick(ORGS),
            100 + rng.below(9000),
            rng.pick(PLACES),
            rng.pick(TOPICS)
        ),
        4 => format!(
            "{p}, a {} from {}, has led {} since {}.",
            rng.pick(TITLES).to_lowercase(),
            rng.pick(PLACES),
            rng.pick(ORGS),
            year - 1 - rng.below(15) as i32
        ),
        5 => format!(
            "The vote is expected {}, {} {}.",
            date_phrase(rng, year),
            surname,
            rng.pick(VERBS)
        ),
        _ => format!(
            "Critics in {} say {} has done little about {} for four years.",
            rng.pick(PLACES),
            rng.pick(ORGS),
            rng.pick(TOPICS)
        ),
    }
}

fn capitalize(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => String::new(),
    }
}

/// Target size of document `i`: a long tail from 1 KB to 1 MB, mean about 4 KB.
fn doc_size(rng: &mut Rng) -> usize {
    let r = rng.below(10_000);
    match r {
        0..=1 => 500_000 + rng.below(524_288), // 0.02%: very large
        2..=29 => 40_000 + rng.below(160_000), // 0.28%: large
        30..=999 => 8_000 + rng.below(24_000), // ~10%: long reads
        _ => 1_000 + rng.below(3_000),         // most: short news
    }
}

/// Writes one document's text for `rng`.
pub fn document(rng: &mut Rng) -> String {
    let year = 2015 + rng.below(10) as i32;
    let size = doc_size(rng);
    let mut text = String::with_capacity(size + 256);
    if rng.chance(80) {
        text.push_str(&format!(
            " date {year}-{:02}-{:02} ",
            1 + rng.below(12),
            1 + rng.below(28)
        ));
    } else if rng.chance(30) {
        text.push_str("Skip to content Skip to footer\n\n");
    }
    text.push_str(&format!(
        "{} Faces Pressure Over {}\n\n",
        capitalize(rng.pick(ORGS).trim_start_matches("the ")),
        capitalize(rng.pick(TOPICS).trim_start_matches("the "))
    ));
    while text.len() < size {
        let n = 2 + rng.below(5);
        for k in 0..n {
            if k > 0 {
                text.push(' ');
            }
            text.push_str(&sentence(rng, year));
        }
        text.push_str("\n\n");
    }
    text
}

/// Writes `n` documents into `dir` (created if needed); returns the bytes written.
pub fn generate(n: usize, seed: u64, dir: &Path) -> std::io::Result<u64> {
    std::fs::create_dir_all(dir)?;
    let mut rng = Rng::new(seed);
    let mut total = 0u64;
    for i in 0..n {
        let text = document(&mut rng);
        // Folders of 1,000 like a real archive, so no folder is huge.
        let sub = dir.join(format!("{:03}", i / 1000));
        if i % 1000 == 0 {
            std::fs::create_dir_all(&sub)?;
        }
        let mut f = std::fs::File::create(sub.join(format!("doc{i:06}.txt")))?;
        f.write_all(text.as_bytes())?;
        total += text.len() as u64;
    }
    Ok(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_is_reproducible() {
        let a = document(&mut Rng::new(7));
        let b = document(&mut Rng::new(7));
        assert_eq!(a, b);
        assert!(a.len() >= 1000);
        assert_ne!(a, document(&mut Rng::new(8)));
    }
}
