//! Which requests of a batch go in which POST: at most [`MAX_PER_POST`] each, in the order added, and every group
//! of requests linked by `dependsOn` in the same POST (Graph resolves `dependsOn` within one POST only).

use std::collections::BTreeMap;

/// Graph's limit on the requests of one `$batch` POST.
pub const MAX_PER_POST: usize = 20;

/// The POSTs for `items` (indices, in the order added), whose dependencies are `depends_on(item)`. Dependencies
/// outside `items` are left out (they were answered in an earlier round). Errors name each item that cannot be
/// sent: a dependency on itself or a later request (a cycle), or a `dependsOn` group larger than one POST.
pub(super) fn posts<'a>(
    items: &[usize],
    depends_on: impl Fn(usize) -> &'a [usize],
    limit: usize,
) -> Result<Vec<Vec<usize>>, Vec<(usize, String)>> {
    let mut problems = Vec::new();
    // Union-find over the items, each group named by its first (smallest) index.
    let mut parent: BTreeMap<usize, usize> = items.iter().map(|&i| (i, i)).collect();
    fn root(parent: &mut BTreeMap<usize, usize>, mut i: usize) -> usize {
        while let Some(&p) = parent.get(&i) {
            if p == i {
                break;
            }
            i = p;
        }
        i
    }
    for &item in items {
        for &dependency in depends_on(item) {
            if dependency >= item {
                problems.push((
                    item,
                    format!("it depends on request {} which is not an earlier request of the batch (a dependsOn cycle); a request can only depend on requests added before it", dependency + 1),
                ));
                continue;
            }
            if !parent.contains_key(&dependency) {
                continue;
            }
            let (a, b) = (root(&mut parent, item), root(&mut parent, dependency));
            let (low, high) = (a.min(b), a.max(b));
            parent.insert(high, low);
        }
    }
    let mut groups: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
    for &item in items {
        let group = root(&mut parent, item);
        groups.entry(group).or_default().push(item);
    }
    let mut posts: Vec<Vec<usize>> = Vec::new();
    for group in groups.into_values() {
        if group.len() > limit {
            for &item in &group {
                problems.push((
                    item,
                    format!("it is one of {} requests linked by dependsOn, more than the {limit} one $batch POST can carry (dependsOn cannot reach into another POST); split the chain", group.len()),
                ));
            }
            continue;
        }
        match posts.last_mut() {
            Some(post) if post.len() + group.len() <= limit => post.extend(group),
            _ => posts.push(group),
        }
    }
    if !problems.is_empty() {
        problems.sort_by_key(|(item, _)| *item);
        return Err(problems);
    }
    for post in &mut posts {
        post.sort_unstable();
    }
    Ok(posts)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(
        n: usize,
        deps: &[(usize, usize)],
        limit: usize,
    ) -> Result<Vec<Vec<usize>>, Vec<(usize, String)>> {
        let lists: Vec<Vec<usize>> = (0..n)
            .map(|i| {
                deps.iter()
                    .filter(|(a, _)| *a == i)
                    .map(|(_, b)| *b)
                    .collect()
            })
            .collect();
        let items: Vec<usize> = (0..n).collect();
        posts(&items, |i| &lists[i], limit)
    }

    #[test]
    fn forty_five_requests_make_three_posts() {
        let posts = plan(45, &[(5, 3), (21, 20)], MAX_PER_POST).unwrap();
        assert_eq!(posts.iter().map(Vec::len).collect::<Vec<_>>(), [20, 20, 5]);
        assert_eq!(posts[0], (0..20).collect::<Vec<_>>());
    }

    #[test]
    fn dependency_groups_stay_in_one_post() {
        // 19 singles, then a chain of 3 straddling the limit: the chain moves to the next POST whole.
        let posts = plan(22, &[(20, 19), (21, 20)], 20).unwrap();
        assert_eq!(posts, vec![(0..19).collect::<Vec<_>>(), vec![19, 20, 21]]);
        // Requests far apart but linked travel together, in the order added.
        let posts = plan(4, &[(3, 0)], 2).unwrap();
        assert_eq!(posts, vec![vec![0, 3], vec![1, 2]]);
    }

    #[test]
    fn cycles_and_oversized_groups_are_refused_with_every_item_named() {
        let problems = plan(3, &[(1, 2), (2, 1)], 20).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].0, 1);
        assert!(problems[0].1.contains("cycle"));
        let chain: Vec<(usize, usize)> = (1..21).map(|i| (i, i - 1)).collect();
        let problems = plan(21, &chain, 20).unwrap_err();
        assert_eq!(problems.len(), 21);
        assert!(problems[0].1.contains("21 requests linked by dependsOn"));
    }

    #[test]
    fn answered_dependencies_are_left_out() {
        let lists = [vec![], vec![0], vec![1]];
        let posts = posts(&[1, 2], |i| &lists[i], 20).unwrap();
        assert_eq!(posts, vec![vec![1, 2]]);
    }
}
