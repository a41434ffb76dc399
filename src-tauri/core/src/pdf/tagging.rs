//! The structure tree written into the PDF (ISO 32000-1, 14.7–14.8): one `StructElem` per
//! element in reading order, the parent tree that leads from each page's marked content
//! back to its element.

use super::file::{self, Dict, Id, Objects};
use super::structure::{Role, Scope, Tree};

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
/// page `pages[p]` belongs to. Returns the structure tree root's id.
pub(super) fn write_structure(
    objects: &mut Objects,
    tree: &Tree,
    marked: &[Vec<usize>],
    pages: &[Id],
) -> Id {
    let mut content: Vec<Vec<(usize, usize)>> = vec![Vec::new(); tree.nodes.len()];
    for (pi, mcids) in marked.iter().enumerate() {
        for (mcid, n) in mcids.iter().enumerate() {
            if let Some(c) = content.get_mut(*n) {
                c.push((pi, mcid));
            }
        }
    }
    let keep = kept(tree, &content);
    let root_id = objects.reserve();
    let ids: Vec<Option<Id>> = keep.iter().map(|k| k.then(|| objects.reserve())).collect();
    for (i, node) in tree.nodes.iter().enumerate() {
        let Some(id) = ids[i] else { continue };
        let parent = node.parent.and_then(|p| ids[p]).unwrap_or(root_id);
        let mut dict = Dict::new()
            .name("Type", "StructElem")
            .name("S", node.role.name())
            .reference("P", parent);
        let pg = content[i].first().and_then(|(p, _)| pages.get(*p)).copied();
        if let Some(pg) = pg {
            dict = dict.reference("Pg", pg);
        }
        let mut kids = b"[".to_vec();
        for (p, mcid) in &content[i] {
            let page = pages.get(*p).copied();
            if kids.len() > 1 {
                kids.push(b' ');
            }
            if page == pg {
                file::int(&mut kids, *mcid as u64);
            } else if let Some(page) = page {
                kids.extend_from_slice(b"<</Type /MCR /Pg ");
                file::reference(&mut kids, page);
                kids.extend_from_slice(b" /MCID ");
                file::int(&mut kids, *mcid as u64);
                kids.extend_from_slice(b">>");
            }
        }
        for child in node
            .children
            .iter()
            .filter_map(|c| ids.get(*c).copied().flatten())
        {
            if kids.len() > 1 {
                kids.push(b' ');
            }
            file::reference(&mut kids, child);
        }
        kids.push(b']');
        dict = dict.raw("K", &kids);
        if let Role::TH(scope) = node.role {
            let a: &[u8] = match scope {
                Scope::Row => b"<</O /Table /Scope /Row>>",
                Scope::Column => b"<</O /Table /Scope /Column>>",
            };
            dict = dict.raw("A", a);
        }
        if let Some(alt) = &node.alt {
            dict = dict.text("Alt", alt);
        }
        if let Some(lang) = &node.lang {
            dict = dict.text("Lang", lang);
        }
        objects.set(id, dict.finish());
    }

    let mut nums = b"[".to_vec();
    for (pi, mcids) in marked.iter().enumerate() {
        if mcids.is_empty() {
            continue;
        }
        file::int(&mut nums, pi as u64);
        nums.extend_from_slice(b" [");
        for (k, n) in mcids.iter().enumerate() {
            if k > 0 {
                nums.push(b' ');
            }
            match ids[*n] {
                Some(id) => file::reference(&mut nums, id),
                None => nums.extend_from_slice(b"null"),
            }
        }
        nums.extend_from_slice(b"]\n");
    }
    nums.push(b']');
    let parent_tree = objects.add(Dict::new().raw("Nums", &nums).finish());

    let mut root = Dict::new().name("Type", "StructTreeRoot");
    if let Some(doc_elem) = ids.first().copied().flatten() {
        root = root.raw("K", &file::references([doc_elem]));
    }
    root = root
        .reference("ParentTree", parent_tree)
        .int("ParentTreeNextKey", marked.len() as i64);
    objects.set(root_id, root.finish());
    root_id
}
