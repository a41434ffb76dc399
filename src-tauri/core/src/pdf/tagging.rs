//! The structure tree written into the PDF (ISO 32000-1, 14.7–14.8): one `StructElem` per
//! element in reading order, the parent tree that leads from each page's marked content
//! back to its element, and the catalog entries that say the document is tagged.

use lopdf::{Dictionary, Object, ObjectId};

use super::structure::{Role, Scope, Tree};

/// A text string: literal when plain ASCII, otherwise UTF-16BE with a byte order mark.
pub(super) fn text_string(s: &str) -> Object {
    if s.is_ascii() {
        return Object::string_literal(s);
    }
    let mut bytes = vec![0xFE, 0xFF];
    for unit in s.encode_utf16() {
        bytes.extend_from_slice(&unit.to_be_bytes());
    }
    Object::String(bytes, lopdf::StringFormat::Hexadecimal)
}

/// Which elements are written: those with content or with a written child, and table
/// cells, which keep a row's columns even when empty. Children always come after their
/// parent in `tree`, so one pass from the end settles every element.
fn kept(tree: &Tree, content: &[Vec<(usize, usize)>]) -> Vec<bool> {
    let mut keep: Vec<bool> = tree
        .nodes
        .iter()
        .zip(content)
        .map(|(n, c)| !c.is_empty() || n.role.kept_when_empty())
        .collect();
    for i in (1..tree.nodes.len()).rev() {
        if keep[i] {
            if let Some(p) = tree.nodes[i].parent {
                keep[p] = true;
            }
        }
    }
    if let Some(root) = keep.first_mut() {
        *root = true;
    }
    keep
}

/// Write the structure tree: `marked[p][mcid]` is the element marked content `mcid` on
/// page `p` belongs to.
pub(super) fn write_structure(lo: &mut lopdf::Document, tree: &Tree, marked: &[Vec<usize>]) {
    let page_ids: Vec<ObjectId> = lo.get_pages().values().copied().collect();
    let mut content: Vec<Vec<(usize, usize)>> = vec![Vec::new(); tree.nodes.len()];
    for (pi, mcids) in marked.iter().enumerate() {
        for (mcid, n) in mcids.iter().enumerate() {
            if let Some(c) = content.get_mut(*n) {
                c.push((pi, mcid));
            }
        }
    }
    let keep = kept(tree, &content);
    let root_id = lo.new_object_id();
    let ids: Vec<Option<ObjectId>> = keep.iter().map(|k| k.then(|| lo.new_object_id())).collect();
    for (i, node) in tree.nodes.iter().enumerate() {
        let Some(id) = ids[i] else { continue };
        let parent = node.parent.and_then(|p| ids[p]).unwrap_or(root_id);
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"StructElem".to_vec()));
        dict.set("S", Object::Name(node.role.name().as_bytes().to_vec()));
        dict.set("P", Object::Reference(parent));
        let pg = content[i]
            .first()
            .and_then(|(p, _)| page_ids.get(*p))
            .copied();
        if let Some(pg) = pg {
            dict.set("Pg", Object::Reference(pg));
        }
        let mut kids: Vec<Object> = Vec::new();
        for (p, mcid) in &content[i] {
            let page = page_ids.get(*p).copied();
            if page == pg {
                kids.push(Object::Integer(*mcid as i64));
            } else if let Some(page) = page {
                let mut mcr = Dictionary::new();
                mcr.set("Type", Object::Name(b"MCR".to_vec()));
                mcr.set("Pg", Object::Reference(page));
                mcr.set("MCID", Object::Integer(*mcid as i64));
                kids.push(Object::Dictionary(mcr));
            }
        }
        kids.extend(
            node.children
                .iter()
                .filter_map(|c| ids.get(*c).copied().flatten())
                .map(Object::Reference),
        );
        dict.set("K", Object::Array(kids));
        if let Role::TH(scope) = node.role {
            let mut a = Dictionary::new();
            a.set("O", Object::Name(b"Table".to_vec()));
            let s: &[u8] = match scope {
                Scope::Row => b"Row",
                Scope::Column => b"Column",
            };
            a.set("Scope", Object::Name(s.to_vec()));
            dict.set("A", Object::Dictionary(a));
        }
        if let Some(alt) = &node.alt {
            dict.set("Alt", text_string(alt));
        }
        if let Some(lang) = &node.lang {
            dict.set("Lang", Object::string_literal(lang.as_str()));
        }
        lo.objects.insert(id, Object::Dictionary(dict));
    }

    let mut nums = Vec::new();
    for (pi, mcids) in marked.iter().enumerate() {
        let Some(page_id) = page_ids.get(pi) else {
            continue;
        };
        if let Ok(page) = lo.get_object_mut(*page_id).and_then(|o| o.as_dict_mut()) {
            page.set("Tabs", Object::Name(b"S".to_vec()));
            if !mcids.is_empty() {
                page.set("StructParents", Object::Integer(pi as i64));
            }
        }
        if mcids.is_empty() {
            continue;
        }
        nums.push(Object::Integer(pi as i64));
        let refs = mcids
            .iter()
            .map(|n| ids[*n].map_or(Object::Null, Object::Reference))
            .collect();
        nums.push(Object::Array(refs));
    }
    let mut parent_tree = Dictionary::new();
    parent_tree.set("Nums", Object::Array(nums));
    let parent_tree_id = lo.add_object(Object::Dictionary(parent_tree));

    let mut root = Dictionary::new();
    root.set("Type", Object::Name(b"StructTreeRoot".to_vec()));
    if let Some(doc_elem) = ids.first().copied().flatten() {
        root.set("K", Object::Array(vec![Object::Reference(doc_elem)]));
    }
    root.set("ParentTree", Object::Reference(parent_tree_id));
    root.set("ParentTreeNextKey", Object::Integer(marked.len() as i64));
    lo.objects.insert(root_id, Object::Dictionary(root));

    if let Ok(catalog) = lo.catalog_mut() {
        catalog.set("StructTreeRoot", Object::Reference(root_id));
        let mut mark = Dictionary::new();
        mark.set("Marked", Object::Boolean(true));
        catalog.set("MarkInfo", Object::Dictionary(mark));
    }
}
