fn main() {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap());
    let docs = graph_docs_codegen::load(&dir).unwrap();
    let options = graph_docs_codegen::options::Options::for_folder("x");
    let ir = graph_docs_codegen::ir::build(&docs, &options);
    let sel = graph_docs_codegen::ir::select::Selection::new(&options.include, &options.exclude);
    let plans = graph_docs_codegen::ir::conformance::plan(&docs, &ir, &sel);
    let mut counts = std::collections::BTreeMap::<String, usize>::new();
    let mut annotated = 0;
    for p in &plans {
        if !p.annotated { continue; }
        annotated += 1;
        match &p.call {
            Ok(_) => *counts.entry("planned".into()).or_default() += 1,
            Err(e) => {
                let k = format!("{e:?}");
                let k = k.split('(').next().unwrap().to_string();
                *counts.entry(k.clone()).or_default() += 1;
                println!("SKIP {k} {:?}", e);
            }
        }
    }
    println!("annotated {annotated} {counts:?}");
}
