//! Structural checks every stage may rely on: each reachable block ends in exactly one
//! terminator, jump arguments match the target's parameters, and every value used is
//! defined in a block that dominates... (dominance is left to inference, which reports
//! unbound variables with their names instead).

use crate::Function;

/// Returns a description of the first structural problem found.
pub fn verify(func: &Function) -> Result<(), String> {
    for b in func.reverse_postorder() {
        let data = &func.blocks[b];
        let Some(last) = data.insts.last() else {
            return Err(format!("{b} is empty"));
        };
        if !func.insts[*last].op.is_terminator() {
            return Err(format!("{b} does not end in a terminator"));
        }
        for &i in &data.insts[..data.insts.len() - 1] {
            if func.insts[i].op.is_terminator() {
                return Err(format!("{b} has a terminator before its end ({i})"));
            }
        }
        for (succ, args) in func.edges(b) {
            let want = func.blocks[succ].params.len();
            if args.len() != want {
                return Err(format!(
                    "{b} jumps to {succ} with {} arguments, expected {want}",
                    args.len()
                ));
            }
        }
    }
    Ok(())
}
