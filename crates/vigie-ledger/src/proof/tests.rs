//! Proofs checked against an independent implementation: the `ct-merkle`
//! crate's in-memory tree (RFC 6962 hashing, which RFC 9162 keeps).

use std::collections::HashMap;

use ct_merkle::mem_backed_tree::MemoryBackedTree;
use proptest::prelude::*;
use sha2::Sha256;

use super::*;
use crate::{Frontier, leaf_hash};

fn entries(n: u64) -> Vec<Vec<u8>> {
    (0..n).map(|i| format!("entry {i}").into_bytes()).collect()
}

/// Every complete subtree's hash, computed the slow, obvious way.
fn all_nodes(entries: &[Vec<u8>]) -> HashMap<NodeId, Hash> {
    let mut nodes = HashMap::new();
    let mut level: Vec<Hash> = entries.iter().map(|e| leaf_hash(e)).collect();
    let mut height = 0u8;
    while !level.is_empty() {
        for (i, h) in level.iter().enumerate() {
            nodes.insert(
                NodeId {
                    level: height,
                    index: i as u64,
                },
                *h,
            );
        }
        level = level
            .chunks_exact(2)
            .map(|p| node_hash(&p[0], &p[1]))
            .collect();
        height += 1;
    }
    nodes
}

fn proof_from(ranges: &[(u64, u64)], nodes: &HashMap<NodeId, Hash>) -> Vec<Hash> {
    ranges
        .iter()
        .map(|&(a, b)| {
            range_hash(
                &range_nodes(a, b)
                    .iter()
                    .map(|id| nodes[id])
                    .collect::<Vec<_>>(),
            )
        })
        .collect()
}

fn oracle(entries: &[Vec<u8>]) -> MemoryBackedTree<Sha256, Vec<u8>> {
    let mut tree = MemoryBackedTree::new();
    for e in entries {
        tree.push(e.clone());
    }
    tree
}

fn our_root(entries: &[Vec<u8>]) -> Hash {
    let mut f = Frontier::default();
    for e in entries {
        f.push(leaf_hash(e));
    }
    f.root()
}

fn flat(hashes: &[Hash]) -> Vec<u8> {
    hashes.iter().flat_map(|h| h.0).collect()
}

#[test]
fn subtree_hashes_fold_their_descendants() {
    let e = entries(64);
    let nodes = all_nodes(&e);
    let leaves: Vec<Hash> = e.iter().map(|x| leaf_hash(x)).collect();
    assert_eq!(
        subtree_hash(&leaves[16..32]),
        Some(nodes[&NodeId { level: 4, index: 1 }])
    );
    let level2: Vec<Hash> = (0..16)
        .map(|i| nodes[&NodeId { level: 2, index: i }])
        .collect();
    assert_eq!(
        subtree_hash(&level2),
        Some(nodes[&NodeId { level: 6, index: 0 }])
    );
    assert_eq!(subtree_hash(&leaves[..3]), None);
}

#[test]
fn roots_match_the_oracle() {
    for n in 0..=70 {
        let e = entries(n);
        let theirs = oracle(&e).root();
        assert_eq!(
            our_root(&e).0.as_slice(),
            theirs.as_bytes().as_slice(),
            "size {n}"
        );
    }
    assert_eq!(our_root(&[]), Hash::empty());
}

#[test]
fn inclusion_proofs_match_the_oracle_and_verify() {
    for n in 1..=33 {
        let e = entries(n);
        let nodes = all_nodes(&e);
        let tree = oracle(&e);
        let root = our_root(&e);
        for i in 0..n {
            let proof = proof_from(&inclusion_ranges(i, n).unwrap(), &nodes);
            let theirs = tree.prove_inclusion(i as usize);
            assert_eq!(flat(&proof), theirs.as_bytes(), "size {n} index {i}");
            verify_inclusion(i, n, leaf_hash(&e[i as usize]), &proof, root).unwrap();
            assert!(verify_inclusion(i, n, leaf_hash(b"forged"), &proof, root).is_err());
            if n > 1 {
                assert!(
                    verify_inclusion(i, n, leaf_hash(&e[i as usize]), &proof[1..], root).is_err()
                );
            }
        }
    }
    assert!(inclusion_ranges(3, 3).is_err());
}

#[test]
fn consistency_proofs_match_the_oracle_and_verify() {
    for n in 1..=33u64 {
        let e = entries(n);
        let nodes = all_nodes(&e);
        let tree = oracle(&e);
        let new_root = our_root(&e);
        for m in 1..=n {
            let old_root = our_root(&e[..m as usize]);
            let proof = proof_from(&consistency_ranges(m, n).unwrap(), &nodes);
            let theirs = tree.prove_consistency((n - m) as usize);
            assert_eq!(flat(&proof), theirs.as_bytes(), "{m} -> {n}");
            verify_consistency(m, n, old_root, new_root, &proof).unwrap();
            if m < n {
                let forged = our_root(&entries(m + 1)[1..]);
                assert!(
                    verify_consistency(m, n, forged, new_root, &proof).is_err(),
                    "{m} -> {n}"
                );
            }
        }
    }
    assert!(consistency_ranges(5, 4).is_err());
    verify_consistency(0, 9, Hash::empty(), our_root(&entries(9)), &[]).unwrap();
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn large_trees_prove_and_verify(n in 1u64..3000, i_frac in 0.0f64..1.0, m_frac in 0.0f64..1.0) {
        let e = entries(n);
        let nodes = all_nodes(&e);
        let root = our_root(&e);
        let i = ((n as f64 * i_frac) as u64).min(n - 1);
        let proof = proof_from(&inclusion_ranges(i, n).unwrap(), &nodes);
        prop_assert!(verify_inclusion(i, n, leaf_hash(&e[i as usize]), &proof, root).is_ok());
        let m = ((n as f64 * m_frac) as u64).clamp(1, n);
        let proof = proof_from(&consistency_ranges(m, n).unwrap(), &nodes);
        prop_assert!(verify_consistency(m, n, our_root(&e[..m as usize]), root, &proof).is_ok());
    }

    #[test]
    fn the_frontier_reports_every_completed_subtree(n in 1u64..600) {
        let e = entries(n);
        let nodes = all_nodes(&e);
        let mut f = Frontier::default();
        let mut seen = HashMap::new();
        for x in &e {
            for (id, h) in f.push(leaf_hash(x)) {
                seen.insert(id, h);
            }
        }
        let interior: HashMap<_, _> = nodes.into_iter().filter(|(id, _)| id.level > 0).collect();
        prop_assert_eq!(seen, interior);
    }
}
