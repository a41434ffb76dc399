//! The PDF file syntax (ISO 32000-1, 7.2–7.5): objects written straight to bytes, small
//! objects packed into deflated object streams, and a cross-reference stream.
//!
//! A brief of 5,000 needs is some 400 pages and 30,000 structure elements; writing them
//! directly, rather than through a general object model, is most of what makes it fast.

use std::io::Write;

/// An indirect object's number (generation is always 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) struct Id(pub u32);

/// zlib level for streams. Level 6 (zlib's default) gives a file a few per cent larger
/// than level 9 in a fraction of the time; lower levels save little time for a much
/// larger file (on the 5,000-need brief level 3 was ~5 % faster and 24 % larger).
const COMPRESSION_LEVEL: u32 = 6;

/// Objects per object stream.
const PER_OBJECT_STREAM: usize = 200;

/// Append `v` with at most `decimals` decimals (0–4), trailing zeros dropped.
pub(super) fn num(out: &mut Vec<u8>, v: f32, decimals: u32) {
    let scale = 10_i64.pow(decimals);
    let mut n = (f64::from(v) * scale as f64).round() as i64;
    if n < 0 {
        out.push(b'-');
        n = -n;
    }
    int(out, (n / scale) as u64);
    let mut frac = n % scale;
    if frac == 0 {
        return;
    }
    let mut digits = decimals;
    while frac % 10 == 0 {
        frac /= 10;
        digits -= 1;
    }
    out.push(b'.');
    let mut buf = [b'0'; 4];
    for i in (0..digits as usize).rev() {
        buf[i] = b'0' + (frac % 10) as u8;
        frac /= 10;
    }
    out.extend_from_slice(&buf[..digits as usize]);
}

/// Append a non-negative integer.
pub(super) fn int(out: &mut Vec<u8>, mut n: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

/// Append a name (`/Name`), escaping what a name cannot hold literally.
pub(super) fn name(out: &mut Vec<u8>, s: &str) {
    out.push(b'/');
    for &b in s.as_bytes() {
        if b.is_ascii_graphic() && !b"()<>[]{}/%#".contains(&b) {
            out.push(b);
        } else {
            out.push(b'#');
            out.extend_from_slice(format!("{b:02X}").as_bytes());
        }
    }
}

/// Append a literal string of raw bytes, escaped so that no reader changes them.
pub(super) fn literal(out: &mut Vec<u8>, bytes: &[u8]) {
    out.push(b'(');
    for &b in bytes {
        match b {
            b'(' | b')' | b'\\' => out.extend_from_slice(&[b'\\', b]),
            // A line end inside a string reads as a single `\n`: escape both.
            b'\r' => out.extend_from_slice(b"\\r"),
            b'\n' => out.extend_from_slice(b"\\n"),
            _ => out.push(b),
        }
    }
    out.push(b')');
}

/// Append a text string: literal when plain ASCII, otherwise UTF-16BE with a byte order
/// mark, in hex.
pub(super) fn text(out: &mut Vec<u8>, s: &str) {
    if s.is_ascii() {
        return literal(out, s.as_bytes());
    }
    out.extend_from_slice(b"<FEFF");
    for unit in s.encode_utf16() {
        out.extend_from_slice(format!("{unit:04X}").as_bytes());
    }
    out.push(b'>');
}

/// Append an indirect reference.
pub(super) fn reference(out: &mut Vec<u8>, id: Id) {
    int(out, u64::from(id.0));
    out.extend_from_slice(b" 0 R");
}

/// A dictionary being written: `Dict::new().name("Type", "Page").finish()`.
#[derive(Default)]
pub(super) struct Dict(Vec<u8>);

impl Dict {
    pub fn new() -> Dict {
        Dict(b"<<".to_vec())
    }

    fn key(&mut self, key: &str) -> &mut Vec<u8> {
        name(&mut self.0, key);
        self.0.push(b' ');
        &mut self.0
    }

    pub fn name(mut self, key: &str, value: &str) -> Dict {
        name(self.key(key), value);
        self
    }

    pub fn int(mut self, key: &str, value: i64) -> Dict {
        let out = self.key(key);
        if value < 0 {
            out.push(b'-');
        }
        int(out, value.unsigned_abs());
        self
    }

    pub fn reference(mut self, key: &str, id: Id) -> Dict {
        reference(self.key(key), id);
        self
    }

    pub fn text(mut self, key: &str, value: &str) -> Dict {
        text(self.key(key), value);
        self
    }

    /// A value already written in PDF syntax (an array, a dictionary).
    pub fn raw(mut self, key: &str, value: &[u8]) -> Dict {
        self.key(key).extend_from_slice(value);
        self
    }

    pub fn finish(mut self) -> Vec<u8> {
        self.0.extend_from_slice(b">>");
        self.0
    }
}

/// An array of references, written.
pub(super) fn references(ids: impl IntoIterator<Item = Id>) -> Vec<u8> {
    let mut out = b"[".to_vec();
    for (i, id) in ids.into_iter().enumerate() {
        if i > 0 {
            out.push(b' ');
        }
        reference(&mut out, id);
    }
    out.push(b']');
    out
}

/// A stream's dictionary entries (without `/Length` and `/Filter`) and its data.
pub(super) struct Stream {
    pub dict: Dict,
    pub data: Vec<u8>,
    /// Whether the data is already deflated (`/Filter /FlateDecode`).
    pub deflated: bool,
}

impl Stream {
    /// A stream deflated now, unless deflating saves less than the filter entry costs.
    pub fn deflated(dict: Dict, data: Vec<u8>) -> Stream {
        let packed = deflate(&data);
        if packed.len() + 19 < data.len() {
            Stream {
                dict,
                data: packed,
                deflated: true,
            }
        } else {
            Stream {
                dict,
                data,
                deflated: false,
            }
        }
    }

    /// A stream kept as it is (read by tools without a PDF parser, like XMP metadata).
    pub fn plain(dict: Dict, data: Vec<u8>) -> Stream {
        Stream {
            dict,
            data,
            deflated: false,
        }
    }
}

pub(super) fn deflate(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(data.len() / 3),
        flate2::Compression::new(COMPRESSION_LEVEL),
    );
    // Writing into a Vec cannot fail.
    let _ = enc.write_all(data);
    enc.finish().unwrap_or_default()
}

enum Body {
    /// A dictionary, array or other non-stream object, packed into an object stream.
    Packed(Vec<u8>),
    Stream(Stream),
}

/// The objects of a file, numbered from 1 as they are reserved.
#[derive(Default)]
pub(super) struct Objects {
    bodies: Vec<Option<Body>>,
}

impl Objects {
    /// A number for an object written later with `set` or `set_stream`.
    pub fn reserve(&mut self) -> Id {
        self.bodies.push(None);
        Id(self.bodies.len() as u32)
    }

    pub fn set(&mut self, id: Id, body: Vec<u8>) {
        self.put(id, Body::Packed(body));
    }

    pub fn set_stream(&mut self, id: Id, stream: Stream) {
        self.put(id, Body::Stream(stream));
    }

    pub fn add(&mut self, body: Vec<u8>) -> Id {
        let id = self.reserve();
        self.set(id, body);
        id
    }

    pub fn add_stream(&mut self, stream: Stream) -> Id {
        let id = self.reserve();
        self.set_stream(id, stream);
        id
    }

    /// Every object's bytes so far, in order (a stream's dictionary entries, then its data).
    pub fn each_body(&self, mut f: impl FnMut(&[u8])) {
        for body in self.bodies.iter().flatten() {
            match body {
                Body::Packed(bytes) => f(bytes),
                Body::Stream(s) => {
                    f(&s.dict.0);
                    f(&s.data);
                }
            }
        }
    }

    fn put(&mut self, id: Id, body: Body) {
        if let Some(slot) = self.bodies.get_mut(id.0 as usize - 1) {
            *slot = Some(body);
        }
    }

    /// The file: header, streams, object streams holding every other object, and the
    /// cross-reference stream whose dictionary is the trailer (`trailer` holds its
    /// `/Root`, `/Info` and `/ID` entries, written).
    pub fn write(mut self, trailer: &[u8]) -> Vec<u8> {
        let mut out: Vec<u8> = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
        // Where each object is: (type, field 2, field 3) as the cross-reference stream
        // writes them (1: offset; 2: object stream and index; 0: free).
        let mut xref: Vec<(u8, u64, u32)> = vec![(0, 0, 65535)];
        xref.resize(self.bodies.len() + 1, (0, 0, 0));

        let mut packed: Vec<(u32, Vec<u8>)> = Vec::new();
        for (i, body) in self.bodies.iter_mut().enumerate() {
            let number = i as u32 + 1;
            match body.take() {
                Some(Body::Stream(s)) => {
                    xref[number as usize] = (1, out.len() as u64, 0);
                    write_stream(&mut out, number, s);
                }
                Some(Body::Packed(b)) => packed.push((number, b)),
                None => {}
            }
        }

        // Object streams (7.5.7), deflated on two threads.
        let chunks: Vec<&[(u32, Vec<u8>)]> = packed.chunks(PER_OBJECT_STREAM).collect();
        let streams = on_two_threads(&chunks, |c| object_stream(c));
        let mut number = self.bodies.len() as u32;
        for (chunk, stream) in chunks.iter().zip(streams) {
            number += 1;
            xref.push((1, out.len() as u64, 0));
            for (index, (object, _)) in chunk.iter().enumerate() {
                xref[*object as usize] = (2, u64::from(number), index as u32);
            }
            write_stream(&mut out, number, stream);
        }

        // The cross-reference stream, which lists itself.
        number += 1;
        xref.push((1, out.len() as u64, 0));
        let mut rows = Vec::with_capacity(xref.len() * 7);
        for (kind, field, index) in &xref {
            rows.push(*kind);
            rows.extend_from_slice(&(*field as u32).to_be_bytes());
            rows.extend_from_slice(&(*index as u16).to_be_bytes());
        }
        let mut dict = Dict::new()
            .name("Type", "XRef")
            .int("Size", i64::from(number) + 1)
            .raw("W", b"[1 4 2]");
        dict.0.extend_from_slice(trailer);
        let start = out.len();
        write_stream(&mut out, number, Stream::deflated(dict, rows));
        out.extend_from_slice(b"startxref\n");
        int(&mut out, start as u64);
        out.extend_from_slice(b"\n%%EOF\n");
        out
    }
}

/// `f` of every item, in order: the first half on a second thread (for the work of writing
/// a file that splits into independent parts, like deflating its streams).
pub(super) fn on_two_threads<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let (first, second) = items.split_at(items.len() / 2);
    let run = |part: &[T]| part.iter().map(&f).collect::<Vec<R>>();
    std::thread::scope(|s| {
        let a = s.spawn(|| run(first));
        let b = run(second);
        // A panic on the other thread is a bug; its half is then made here instead.
        let mut all = a.join().unwrap_or_else(|_| run(first));
        all.extend(b);
        all
    })
}

fn object_stream(chunk: &[(u32, Vec<u8>)]) -> Stream {
    let mut header = Vec::new();
    let mut body = Vec::new();
    for (number, bytes) in chunk {
        int(&mut header, u64::from(*number));
        header.push(b' ');
        int(&mut header, body.len() as u64);
        header.push(b' ');
        body.extend_from_slice(bytes);
        body.push(b'\n');
    }
    let first = header.len();
    header.extend_from_slice(&body);
    let dict = Dict::new()
        .name("Type", "ObjStm")
        .int("N", chunk.len() as i64)
        .int("First", first as i64);
    Stream::deflated(dict, header)
}

fn write_stream(out: &mut Vec<u8>, number: u32, s: Stream) {
    int(out, u64::from(number));
    out.extend_from_slice(b" 0 obj\n");
    let mut dict = s.dict.int("Length", s.data.len() as i64);
    if s.deflated {
        dict = dict.name("Filter", "FlateDecode");
    }
    out.extend_from_slice(&dict.finish());
    out.extend_from_slice(b"\nstream\n");
    out.extend_from_slice(&s.data);
    out.extend_from_slice(b"\nendstream\nendobj\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn n(v: f32, d: u32) -> String {
        let mut out = Vec::new();
        num(&mut out, v, d);
        String::from_utf8(out).unwrap_or_default()
    }

    #[test]
    fn numbers_are_short_and_exact_to_their_decimals() {
        assert_eq!(n(0.0, 2), "0");
        assert_eq!(n(12.5, 2), "12.5");
        assert_eq!(n(-3.456, 2), "-3.46");
        assert_eq!(n(841.89, 2), "841.89");
        assert_eq!(n(0.05, 3), "0.05");
        assert_eq!(n(1.0, 3), "1");
        assert_eq!(n(0.004, 2), "0");
        assert_eq!(n(-0.004, 2), "0");
    }

    #[test]
    fn names_and_strings_are_escaped() {
        let mut out = Vec::new();
        name(&mut out, "A B/C");
        assert_eq!(out, b"/A#20B#2FC");
        out.clear();
        literal(&mut out, b"a(b)\\\r\n\0");
        assert_eq!(out, b"(a\\(b\\)\\\\\\r\\n\0)");
        out.clear();
        text(&mut out, "Så");
        assert_eq!(out, b"<FEFF005300E5>");
    }

    #[test]
    fn a_file_of_packed_objects_and_streams_reads_back() {
        let mut objects = Objects::default();
        let catalog = objects.reserve();
        let pages = objects.reserve();
        let content = objects.add_stream(Stream::deflated(Dict::new(), b"BT ET".repeat(50)));
        let page = objects.add(
            Dict::new()
                .name("Type", "Page")
                .reference("Parent", pages)
                .raw("MediaBox", b"[0 0 595 842]")
                .reference("Contents", content)
                .finish(),
        );
        objects.set(
            pages,
            Dict::new()
                .name("Type", "Pages")
                .raw("Kids", &references([page]))
                .int("Count", 1)
                .finish(),
        );
        objects.set(
            catalog,
            Dict::new()
                .name("Type", "Catalog")
                .reference("Pages", pages)
                .finish(),
        );
        let mut trailer = Vec::new();
        trailer.extend_from_slice(b"/Root ");
        reference(&mut trailer, catalog);
        let bytes = objects.write(&trailer);
        let doc = lopdf::Document::load_mem(&bytes).expect("reads back");
        assert_eq!(doc.get_pages().len(), 1);
        let page_id = doc.get_pages().values().next().copied().expect("a page");
        // lopdf ends the page's content with a line break of its own.
        assert_eq!(
            doc.get_page_content(page_id).trim_ascii_end(),
            b"BT ET".repeat(50)
        );
    }
}
