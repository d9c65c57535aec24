//! A typed client of just the operations an app calls (users, mail send and list, drive item upload and
//! download, groups, calendar events), from folders of the whole Graph reference: the selection names 25 API
//! pages and no resource page; the models those operations reach are generated with them.

#![deny(warnings, missing_docs)]

/// The app's selection, for a folder (the list `graph-docs-codegen`'s `selection` test and
/// `bench/selection.sh` use too).
macro_rules! app_client {
    ($docs:tt $(, $option:ident: $value:tt)*) => {
        graph_docs_macro::generate! {
            docs: $docs,
            include: [
                "api/user-get.md", "api/user-list.md", "api/user-update.md", "api/user-post-users.md",
                "api/user-delete.md",
                "api/user-sendmail.md", "api/user-list-messages.md", "api/message-get.md", "api/message-delete.md",
                "api/mailfolder-list-messages.md",
                "api/driveitem-put-content.md", "api/driveitem-get-content.md",
                "api/driveitem-createuploadsession.md", "api/driveitem-list-children.md", "api/driveitem-get.md",
                "api/group-list.md", "api/group-get.md", "api/group-post-groups.md", "api/group-list-members.md",
                "api/group-post-members.md",
                "api/user-list-events.md", "api/user-post-events.md", "api/event-get.md", "api/event-update.md",
                "api/event-delete.md",
            ]
            $(, $option: $value)*
        }
    };
}

/// The app's client from the v1.0 reference (2,460 pages), with its examples and conformance cases.
#[allow(deprecated)] // lenient mode: the selected pages' problems are build warnings, listed in `v1::SKIPPED`
pub mod v1 {
    app_client!("../../../shared/graph-docs-2020/v1.0", examples: true);
}

/// The same selection from the beta reference (6,216 pages).
#[allow(deprecated)]
pub mod beta {
    app_client!("../../../shared/graph-docs-2020/beta");
}
