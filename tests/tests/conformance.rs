//! Generated conformance tests (`examples: true`): each example rendered through the typed API without sending and
//! compared with what the page shows, and each example response decoded into the typed response and re-serialized.

mod widgets {
    //! A fixture folder whose examples cover what conformance reproduces and every reason it gives when it cannot.
    graph_docs_macro::generate! { docs: "fixtures/conformance-widgets", examples: true }
}

mod project_docs {
    //! The project's own `docs/`.
    graph_docs_macro::generate! { docs: "../docs", examples: true }
}

#[test]
fn widgets() {
    let report = graph_runtime::conformance::run(widgets::CONFORMANCE);
    println!("{report}");
    for o in &report.outcomes {
        println!("{} {:?} {:?}", o.source, o.request, o.response);
    }
    panic!();
}
