//! What makes the file PDF/A-2a and PDF/UA-1 beyond its structure tree: the document
//! information and the XMP metadata that repeats it (with the conformance claims), the
//! sRGB output intent the colours are defined by, the language and the title shown in
//! the viewer's window.

use lopdf::{Dictionary, Object, Stream};

use super::tagging::text_string;
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

/// The information dictionary, written anew so that it says exactly what the XMP
/// metadata says.
fn info(meta: &Meta) -> Dictionary {
    let (date, _) = dates(meta);
    let mut d = Dictionary::new();
    d.set("Title", text_string(&meta.title));
    d.set("Author", text_string(&meta.author));
    if !meta.subject.is_empty() {
        d.set("Subject", text_string(&meta.subject));
    }
    d.set("Creator", text_string(PRODUCER));
    d.set("Producer", text_string(PRODUCER));
    d.set("CreationDate", Object::string_literal(date.as_str()));
    d.set("ModDate", Object::string_literal(date.as_str()));
    d
}

/// The sRGB output intent the document's DeviceRGB colours are defined by.
fn output_intent(lo: &mut lopdf::Document) -> Object {
    let mut icc = Dictionary::new();
    icc.set("N", Object::Integer(3));
    let icc_id = lo.add_object(Object::Stream(Stream::new(icc, SRGB_ICC.to_vec())));
    let mut oi = Dictionary::new();
    oi.set("Type", Object::Name(b"OutputIntent".to_vec()));
    oi.set("S", Object::Name(b"GTS_PDFA1".to_vec()));
    oi.set(
        "OutputConditionIdentifier",
        Object::string_literal("sRGB IEC61966-2.1"),
    );
    oi.set("Info", Object::string_literal("sRGB IEC61966-2.1"));
    oi.set(
        "RegistryName",
        Object::string_literal("http://www.color.org"),
    );
    oi.set("DestOutputProfile", Object::Reference(icc_id));
    Object::Array(vec![Object::Dictionary(oi)])
}

/// Replace the information dictionary and add the metadata stream, output intent,
/// language and viewer preferences to the catalog. `id` is the document's content
/// digest, also its trailer `/ID`.
pub(super) fn write_archive_entries(lo: &mut lopdf::Document, meta: &Meta, id: &str) {
    match lo.trailer.get(b"Info").and_then(|o| o.as_reference()) {
        Ok(info_id) => {
            lo.objects.insert(info_id, Object::Dictionary(info(meta)));
        }
        Err(_) => {
            let info_id = lo.add_object(Object::Dictionary(info(meta)));
            lo.trailer.set("Info", Object::Reference(info_id));
        }
    }

    let mut md = Dictionary::new();
    md.set("Type", Object::Name(b"Metadata".to_vec()));
    md.set("Subtype", Object::Name(b"XML".to_vec()));
    // Left uncompressed, so that archive tools can read it without a PDF parser.
    let stream = Stream::new(md, xmp(meta, id).into_bytes()).with_compression(false);
    let md_id = lo.add_object(Object::Stream(stream));
    let intents = output_intent(lo);

    if let Ok(catalog) = lo.catalog_mut() {
        catalog.set("Metadata", Object::Reference(md_id));
        catalog.set("OutputIntents", intents);
        catalog.set("Lang", Object::string_literal(meta.lang.as_str()));
        let mut prefs = Dictionary::new();
        prefs.set("DisplayDocTitle", Object::Boolean(true));
        catalog.set("ViewerPreferences", Object::Dictionary(prefs));
    }
}
