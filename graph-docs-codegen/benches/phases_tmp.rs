use std::hint::black_box;
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
struct Count;
static N: AtomicUsize = AtomicUsize::new(0);
unsafe impl std::alloc::GlobalAlloc for Count {
    unsafe fn alloc(&self, l: std::alloc::Layout) -> *mut u8 { N.fetch_add(1, Ordering::Relaxed); unsafe { std::alloc::System.alloc(l) } }
    unsafe fn dealloc(&self, p: *mut u8, l: std::alloc::Layout) { unsafe { std::alloc::System.dealloc(p, l) } }
    unsafe fn realloc(&self, p: *mut u8, l: std::alloc::Layout, n: usize) -> *mut u8 { N.fetch_add(1, Ordering::Relaxed); unsafe { std::alloc::System.realloc(p, l, n) } }
}
#[global_allocator]
static A: Count = Count;
fn nalloc() -> usize { N.load(Ordering::Relaxed) }
use std::rc::Rc;
use std::time::Instant;
use graph_docs_codegen::*;
fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/graph-docs-2020/v1.0");
    let mut d = Vec::new();
    let files = files::walk(&root, &mut d).unwrap();
    for round in 0..3 {
        let a0 = nalloc();
        let t = Instant::now();
        let texts: Vec<String> = files.iter().map(|f| files::read_text(&root, f).unwrap()).collect();
        let read = t.elapsed();
        let t = Instant::now();
        let fms: Vec<_> = files.iter().zip(&texts).map(|(f, t)| front_matter::parse(t, f, &mut d)).collect();
        let fm = t.elapsed();
        let t = Instant::now();
        let mut n = 0;
        let mut all_blocks = Vec::new();
        for ((f, text), fm) in files.iter().zip(&texts).zip(&fms) {
            let rc: Rc<Path> = Rc::from(f.as_path());
            let b = markdown::parse_blocks(text.get(fm.body_offset..).unwrap_or(""), fm.body_line, &rc);
            n += b.len();
            all_blocks.push(b);
        }
        let blocks = t.elapsed();
        let a1 = nalloc();
        let t = Instant::now();
        let mut m = 0;
        for text in &texts {
            let mut opts = pulldown_cmark::Options::empty();
            opts.insert(pulldown_cmark::Options::ENABLE_TABLES);
            for (e, r) in pulldown_cmark::Parser::new_ext(text, opts).into_offset_iter() { m += r.start; black_box(&e); }
        }
        let pd = t.elapsed();
        let a2 = nalloc();
        let index = links::LinkIndex::new(&files);
        let t = Instant::now();
        let mut k = 0;
        let mut ex = std::time::Duration::ZERO;
        let mut secs_t = std::time::Duration::ZERO;
        let mut res_t = std::time::Duration::ZERO;
        let (mut ex_alloc, mut api_alloc, mut res_alloc) = (0, 0, 0);
        for ((f, fm), b) in files.iter().zip(&fms).zip(&all_blocks) {
            let dt = fm.values.get("doc_type").map(|s| s.to_ascii_lowercase()).unwrap_or_default();
            if dt.starts_with("api") {
                let t1 = Instant::now();
                let c0 = nalloc();
                let e = examples::parse(b, &mut d);
                ex_alloc += nalloc() - c0;
                ex += t1.elapsed();
                let t1 = Instant::now();
                let s = markdown::sections(b);
                let _n: Vec<String> = s.iter().map(|s| markdown::normalize_title(s.title)).collect();
                secs_t += t1.elapsed();
                k += e.len();
                let c0 = nalloc();
                let p = api_page::parse(f, fm, b, &index, &mut d);
                api_alloc += nalloc() - c0;
                k += p.requests.len();
            } else if dt.starts_with("resource") {
                let t1 = Instant::now();
                let c0 = nalloc();
                let p = resource_page::parse(f, fm, b, &index, &mut d);
                res_alloc += nalloc() - c0;
                res_t += t1.elapsed();
                k += p.0.properties.len();
            }
        }
        let pages = t.elapsed();
        let c0 = nalloc();
        let t1 = Instant::now();
        let mut inc = include::Includes::new(Some(&root), &index);
        let mut total = 0;
        for b in &all_blocks {
            total += inc.expand(b.clone(), &mut d).len();
        }
        println!("expand (with clone) {:?} allocs {}", t1.elapsed(), nalloc() - c0);
        black_box(total);
        let c0 = nalloc();
        let mut d2 = Vec::new();
        let idx2 = links::LinkIndex::new(&files);
        let w = files::walk(&root, &mut d2).unwrap();
        println!("index+walk allocs {}", nalloc() - c0);
        black_box((idx2, w));
        println!("pages {:?} (examples {:?}, sections {:?}, resources {:?}) diags {}", pages, ex, secs_t, res_t, d.len());
        black_box(k);
        println!("allocs: examples {ex_alloc} api (incl examples) {api_alloc} resources {res_alloc}");
        let a2 = nalloc();
        let t = Instant::now();
        let set = load(&root).unwrap();
        let full = t.elapsed();
        let a3 = nalloc();
        println!("allocs: read+fm+blocks {} pulldown-only {} full load {}", a1 - a0, a2 - a1, a3 - a2);
        black_box((n, m, set.api_pages.len()));
        drop(all_blocks);
        println!("round {round}: read {:?} fm {:?} blocks {:?} pulldown-only {:?} full load {:?}", read, fm, blocks, pd, full);
    }
}
