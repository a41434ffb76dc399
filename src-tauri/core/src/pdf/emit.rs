//! The PDF file itself: laid-out pages, fonts, structure tree and archive metadata
//! written as one tagged PDF/A-2a and PDF/UA-1 file.

use super::content::page_content;
use super::embed::{subset_faces, Codes};
use super::file::{self, Dict, Id, Objects, Stream};
use super::layout::{Page, PAGE_H, PAGE_W};
use super::structure::Tree;
use super::{archive, tagging, Document};

/// FNV-1a in two lanes, fed the bytes of the file's objects as they stand.
struct Digest {
    a: u64,
    b: u64,
}

impl Digest {
    fn new() -> Digest {
        Digest {
            a: 0xcbf2_9ce4_8422_2325,
            b: 0x8422_2325_cbf2_9ce4,
        }
    }

    fn update(&mut self, bytes: &[u8]) {
        for byte in bytes {
            self.a ^= u64::from(*byte);
            self.a = self.a.wrapping_mul(0x0000_0100_0000_01b3);
            self.b ^= u64::from(byte.rotate_left(3));
            self.b = self.b.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }

    fn hex(&self) -> String {
        format!("{:016x}{:016x}", self.a, self.b)
    }
}

/// The document id: a stable 128-bit hex digest of the document's metadata and of every
/// object written so far (pages, fonts, structure), so the same document always has the
/// same id and two documents that differ in anything shown have different ones.
fn document_id(doc: &Document, objects: &Objects) -> String {
    let mut d = Digest::new();
    d.update(format!("{:?}", doc.meta).as_bytes());
    objects.each_body(|bytes| d.update(bytes));
    d.hex()
}

/// The PDF file: tagged (the structure tree `tree` and the marked content of every
/// page), PDF/A-2a and PDF/UA-1, with the same bytes for the same document.
pub fn write_pdf(doc: &Document, pages: &[Page], tree: &Tree) -> Vec<u8> {
    let faces = subset_faces(pages);
    let mut codes: [Option<&Codes>; 4] = [None; 4];
    for f in &faces {
        codes[f.style.index()] = Some(&f.codes);
    }

    let mut objects = Objects::default();
    let catalog_id = objects.reserve();
    let pages_id = objects.reserve();
    let page_ids: Vec<Id> = pages.iter().map(|_| objects.reserve()).collect();

    let mut fonts = Dict::new();
    for f in &faces {
        let font = f.write(&mut objects);
        fonts = fonts.reference(f.style.resource_id(), font);
    }
    let resources = objects.add(Dict::new().raw("Font", &fonts.finish()).finish());

    // Each page's content, deflated, on two threads.
    let written = file::on_two_threads(pages, |p| {
        let (bytes, mcids) = page_content(p, tree, &codes);
        (Stream::deflated(Dict::new(), bytes), mcids)
    });

    let mut media_box = b"[0 0 ".to_vec();
    file::num(&mut media_box, PAGE_W, 2);
    media_box.push(b' ');
    file::num(&mut media_box, PAGE_H, 2);
    media_box.push(b']');
    let mut marked = Vec::with_capacity(pages.len());
    for (pi, (stream, mcids)) in written.into_iter().enumerate() {
        let content = objects.add_stream(stream);
        let mut page = Dict::new()
            .name("Type", "Page")
            .reference("Parent", pages_id)
            .raw("MediaBox", &media_box)
            .reference("Resources", resources)
            .reference("Contents", content)
            .name("Tabs", "S");
        if !mcids.is_empty() {
            page = page.int("StructParents", pi as i64);
        }
        objects.set(page_ids[pi], page.finish());
        marked.push(mcids);
    }
    objects.set(
        pages_id,
        Dict::new()
            .name("Type", "Pages")
            .raw("Kids", &file::references(page_ids.iter().copied()))
            .int("Count", page_ids.len() as i64)
            .finish(),
    );

    let structure = tagging::write_structure(&mut objects, tree, &marked, &page_ids);
    let id = document_id(doc, &objects);
    let catalog = Dict::new()
        .name("Type", "Catalog")
        .reference("Pages", pages_id)
        .reference("StructTreeRoot", structure)
        .raw("MarkInfo", b"<</Marked true>>");
    let (catalog, info) = archive::write_archive_entries(&mut objects, catalog, &doc.meta, &id);
    objects.set(catalog_id, catalog.finish());

    let mut trailer = b"/Root ".to_vec();
    file::reference(&mut trailer, catalog_id);
    trailer.extend_from_slice(b" /Info ");
    file::reference(&mut trailer, info);
    trailer.extend_from_slice(b" /ID [");
    file::literal(&mut trailer, id.as_bytes());
    file::literal(&mut trailer, id.as_bytes());
    trailer.push(b']');
    objects.write(&trailer)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn digest(bytes: &[u8]) -> String {
        let mut d = Digest::new();
        d.update(bytes);
        d.hex()
    }

    #[test]
    fn digest_is_stable_and_hex() {
        let d = digest(b"Beslutsunderlag");
        assert_eq!(d.len(), 32);
        assert!(d.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(d, digest(b"Beslutsunderlag"));
        assert_ne!(d, digest(b"beslutsunderlag"));
    }
}
