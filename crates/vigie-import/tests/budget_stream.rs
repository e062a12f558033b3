//! A long CSV file is read as a stream.

use std::io::{self, Read, Seek, SeekFrom};

use vigie_import::budget;

const HEADER: &[u8] =
    b"country;fiscal_year;section;program;economic_nature;stage;amount;currency;classification\n";

/// A CSV file generated as it is read: it exists nowhere in full, so the
/// parser can only get through it by streaming.
struct Generated {
    rows: u64,
    /// The next row to produce (0 is the header).
    next: u64,
    pending: Vec<u8>,
    position: u64,
}

impl Generated {
    fn new(rows: u64) -> Self {
        Generated {
            rows,
            next: 0,
            pending: Vec::new(),
            position: 0,
        }
    }
}

impl Read for Generated {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.pending.is_empty() && self.next <= self.rows {
            self.pending = if self.next == 0 {
                HEADER.to_vec()
            } else {
                format!(
                    "BFA;2024;Défense;Programme {};personnel;lfi;{} 000;XOF;\n",
                    self.next, self.next
                )
                .into_bytes()
            };
            self.next += 1;
        }
        let n = buf.len().min(self.pending.len());
        buf[..n].copy_from_slice(&self.pending[..n]);
        self.pending.drain(..n);
        self.position += n as u64;
        Ok(n)
    }
}

impl Seek for Generated {
    /// Only what the parser needs: where am I, and back to the start.
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        match pos {
            SeekFrom::Current(0) => Ok(self.position),
            SeekFrom::Start(0) => {
                *self = Generated::new(self.rows);
                Ok(0)
            }
            _ => Err(io::Error::other("unsupported seek")),
        }
    }
}

#[test]
fn fifty_thousand_rows_stream_through() {
    let rows = budget::read("big.csv", Generated::new(50_000)).unwrap();
    let mut count = 0_u64;
    let mut total = rust_decimal::Decimal::ZERO;
    for row in rows {
        let parsed = row.unwrap();
        count += 1;
        assert_eq!(parsed.location, vigie_import::Location::Line(count + 1));
        total += parsed.line.amount.amount();
    }
    assert_eq!(count, 50_000);
    // 1000 × (1 + … + 50 000)
    assert_eq!(
        total,
        rust_decimal::Decimal::from(1000_u64 * 50_000 * 50_001 / 2)
    );
}
