//! Documents made from a project: the decision brief and the "Ni sa – vi gör" sheet.
pub mod brief;
pub mod feedback;
