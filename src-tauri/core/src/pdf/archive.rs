//! What makes the file PDF/A-2a and PDF/UA-1 beyond its structure tree: the document
//! information and the XMP metadata that repeats it (with the conformance claims), the
//! sRGB output intent the colours are defined by, the language and the title shown in
//! the viewer's window.

use super::file::{Dict, Id, Objects, Stream};
use super::Meta;
use crate::support::markup::escape;

/// sRGB IEC61966-2.1 (ICC v2), zlib licence; see `assets/icc/LICENSE-sRGB.txt`.
static SRGB_ICC: &[u8] = include_bytes!("../../../../assets/icc/sRGB.icc");

const PRODUCER: &str = "Medskapa";

/// The document's date as the information dictionary writes it, and as XMP does.
fn dates(meta: &Meta) -> (String, String) {
    let d = meta.date.format("%Y%m%d").to_string();
    let x = meta.date.format("%Y-%m-%d").to_string();
    (format!("D:{d}000000+00'00'"), format!("{x}T00:00:00+00:00"))
}

/// The XMP packet: Dublin Core title, author, subject and language, the dates and tools
/// of the information dictionary, and the PDF/A-2a and PDF/UA-1 claims (with the
/// extension schema PDF/A asks for the PDF/UA identification schema).
pub(super) fn xmp(meta: &Meta, id: &str) -> String {
    let (_, date) = dates(meta);
    // The content digest in the shape of a UUID.
    let uuid = match (
        id.get(..8),
        id.get(8..12),
        id.get(12..16),
        id.get(16..20),
        id.get(20..32),
    ) {
        (Some(a), Some(b), Some(c), Some(d), Some(e)) => format!("{a}-{b}-{c}-{d}-{e}"),
        _ => id.to_string(),
    };
    let title = escape(&meta.title);
    let author = escape(&meta.author);
    let lang = escape(&meta.lang);
    let description = if meta.subject.is_empty() {
        String::new()
    } else {
        format!(
            "<dc:description><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></dc:description>\n",
            escape(&meta.subject)
        )
    };
    format!(
        r#"<?xpacket begin="{bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
<rdf:Description rdf:about=""
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:xmp="http://ns.adobe.com/xap/1.0/"
 xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
 xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
 xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/"
 xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"
 xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/"
 xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#"
 xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">
<dc:format>application/pdf</dc:format>
<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
<dc:creator><rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq></dc:creator>
{description}<dc:language><rdf:Bag><rdf:li>{lang}</rdf:li></rdf:Bag></dc:language>
<xmp:CreateDate>{date}</xmp:CreateDate>
<xmp:ModifyDate>{date}</xmp:ModifyDate>
<xmp:MetadataDate>{date}</xmp:MetadataDate>
<xmp:CreatorTool>{PRODUCER}</xmp:CreatorTool>
<pdf:Producer>{PRODUCER}</pdf:Producer>
<xmpMM:DocumentID>uuid:{uuid}</xmpMM:DocumentID>
<pdfaid:part>2</pdfaid:part>
<pdfaid:conformance>A</pdfaid:conformance>
<pdfuaid:part>1</pdfuaid:part>
<pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource">
<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>
<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>
<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>
<pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource">
<pdfaProperty:name>part</pdfaProperty:name>
<pdfaProperty:valueType>Integer</pdfaProperty:valueType>
<pdfaProperty:category>internal</pdfaProperty:category>
<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description>
</rdf:li></rdf:Seq></pdfaSchema:property>
</rdf:li></rdf:Bag></pdfaExtension:schemas>
</rdf:Description>
</rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"#,
        bom = '\u{feff}',
    )
}

/// The information dictionary: exactly what the XMP metadata says.
fn info(meta: &Meta) -> Vec<u8> {
    let (date, _) = dates(meta);
    let mut d = Dict::new()
        .text("Title", &meta.title)
        .text("Author", &meta.author);
    if !meta.subject.is_empty() {
        d = d.text("Subject", &meta.subject);
    }
    d.text("Creator", PRODUCER)
        .text("Producer", PRODUCER)
        .text("CreationDate", &date)
        .text("ModDate", &date)
        .finish()
}

/// The sRGB output intent the document's DeviceRGB colours are defined by, written.
fn output_intents(objects: &mut Objects) -> Vec<u8> {
    let icc = objects.add_stream(Stream::deflated(Dict::new().int("N", 3), SRGB_ICC.to_vec()));
    let intent = Dict::new()
        .name("Type", "OutputIntent")
        .name("S", "GTS_PDFA1")
        .text("OutputConditionIdentifier", "sRGB IEC61966-2.1")
        .text("Info", "sRGB IEC61966-2.1")
        .text("RegistryName", "http://www.color.org")
        .reference("DestOutputProfile", icc)
        .finish();
    let mut out = b"[".to_vec();
    out.extend_from_slice(&intent);
    out.push(b']');
    out
}

/// Write the information dictionary (its id goes in the trailer), and add the metadata
/// stream, output intent, language and viewer preferences to the catalog. `id` is the
/// document's content digest, also its trailer `/ID`.
pub(super) fn write_archive_entries(
    objects: &mut Objects,
    catalog: Dict,
    meta: &Meta,
    id: &str,
) -> (Dict, Id) {
    let info_id = objects.add(info(meta));
    let md = Dict::new().name("Type", "Metadata").name("Subtype", "XML");
    // Left uncompressed, so that archive tools can read it without a PDF parser.
    let md_id = objects.add_stream(Stream::plain(md, xmp(meta, id).into_bytes()));
    let intents = output_intents(objects);
    let catalog = catalog
        .reference("Metadata", md_id)
        .raw("OutputIntents", &intents)
        .text("Lang", &meta.lang)
        .raw("ViewerPreferences", b"<</DisplayDocTitle true>>");
    (catalog, info_id)
}
