//! The logical structure of a document: a tree of structure elements (headings,
//! paragraphs, lists, tables, figures) built by the layout in reading order, and the tag
//! each drawn item carries to say which element it belongs to, if any.

/// Header cell scope, written as `/A << /O /Table /Scope … >>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scope {
    Row,
    Column,
}

/// A structure type from the standard set (ISO 32000-1, 14.8.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    Document,
    /// Heading level 1–3.
    H(u8),
    P,
    L,
    LI,
    Lbl,
    LBody,
    Table,
    TR,
    TH(Scope),
    TD,
    Figure,
    BlockQuote,
    Div,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Document => "Document",
            Role::H(0 | 1) => "H1",
            Role::H(2) => "H2",
            Role::H(_) => "H3",
            Role::P => "P",
            Role::L => "L",
            Role::LI => "LI",
            Role::Lbl => "Lbl",
            Role::LBody => "LBody",
            Role::Table => "Table",
            Role::TR => "TR",
            Role::TH(_) => "TH",
            Role::TD => "TD",
            Role::Figure => "Figure",
            Role::BlockQuote => "BlockQuote",
            Role::Div => "Div",
        }
    }

    /// Table cells are kept even when empty, so every row has all its columns.
    pub fn kept_when_empty(self) -> bool {
        matches!(self, Role::TH(_) | Role::TD)
    }
}

/// One structure element.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub role: Role,
    pub parent: Option<usize>,
    /// Child elements in reading order.
    pub children: Vec<usize>,
    /// Alternative text (figures).
    pub alt: Option<String>,
    /// BCP 47 tag where the element's language differs from the document's.
    pub lang: Option<String>,
}

/// The structure tree; node 0 is the `Document` element.
#[derive(Debug, Clone, PartialEq)]
pub struct Tree {
    pub nodes: Vec<Node>,
}

impl Default for Tree {
    fn default() -> Self {
        Tree {
            nodes: vec![Node {
                role: Role::Document,
                parent: None,
                children: Vec::new(),
                alt: None,
                lang: None,
            }],
        }
    }
}

impl Tree {
    /// A new element, the last child of `parent`.
    pub fn open(&mut self, parent: usize, role: Role) -> usize {
        let id = self.nodes.len();
        self.nodes.push(Node {
            role,
            parent: Some(parent),
            children: Vec::new(),
            alt: None,
            lang: None,
        });
        if let Some(p) = self.nodes.get_mut(parent) {
            p.children.push(id);
        }
        id
    }
}

/// What a drawn item is to the structure tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tag {
    /// Belongs to the element the layout is inside when the item's fragment is placed.
    Inherit,
    /// Not content: running headers and footers, rules, shading, repeated table headers.
    Artifact,
    /// Content of this element.
    Node(usize),
}
