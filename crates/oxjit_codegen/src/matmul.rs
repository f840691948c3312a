//! The matrix product of 1-d and 2-d arrays (`np.dot`, `a.dot(b)`, the `@` operator).

use crate::function::FuncGen;
use crate::model::{element_memory_type, scalar_type};
use inkwell::values::{BasicValueEnum, IntValue, PointerValue};
use inkwell::IntPredicate;
use oxjit_ir::BinOp;
use oxjit_runtime::ErrorKind;
use oxjit_types::{ArrayType, Dtype, Layout, Type};

impl<'c> FuncGen<'c, '_> {
    /// `a @ b` for 1-d and 2-d operands (a plain triple loop, i-k-j order).
    pub fn matmul(
        &self,
        x: BasicValueEnum<'c>,
        xt: &ArrayType,
        y: BasicValueEnum<'c>,
        yt: &ArrayType,
        rt: &Type,
    ) -> BasicValueEnum<'c> {
        let d = match rt {
            Type::Scalar(d) => *d,
            Type::Array(a) => a.dtype,
            _ => unreachable!(),
        };
        let b = &self.builder;
        let (m, kx) = if xt.ndim == 2 {
            (Some(self.shape(x, 0)), self.shape(x, 1))
        } else {
            (None, self.shape(x, 0))
        };
        let (ky, n) = if yt.ndim == 2 {
            (self.shape(y, 0), Some(self.shape(y, 1)))
        } else {
            (self.shape(y, 0), None)
        };
        let bad = b.build_int_compare(IntPredicate::NE, kx, ky, "").unwrap();
        self.raise_if(
            bad,
            ErrorKind::ValueError,
            "matmul: the operands' inner dimensions do not match",
        );
        let xs = self.byte_strides_pub(x, xt);
        let ys = self.byte_strides_pub(y, yt);
        let at = |p: PointerValue<'c>, idx: &[IntValue<'c>], st: &[IntValue<'c>], dt: Dtype| {
            let mut off = self.i64(0);
            for (i, s) in idx.iter().zip(st) {
                off = self
                    .builder
                    .build_int_add(off, self.builder.build_int_mul(*i, *s, "").unwrap(), "")
                    .unwrap();
            }
            self.cast_scalar(self.load_at(self.byte_offset(p, off), dt), dt, d)
        };
        let (xp, yp) = (self.data_ptr(x), self.data_ptr(y));
        // Boolean matmul is NumPy's "any of (x and y)": summing i1 products would wrap.
        let (mul, add) = if d == Dtype::Bool {
            (BinOp::BitAnd, BinOp::BitOr)
        } else {
            (BinOp::Mul, BinOp::Add)
        };
        let out_shape: Vec<IntValue> = m.into_iter().chain(n).collect();
        if out_shape.is_empty() {
            let acc = self.alloca(scalar_type(self.ctx, d));
            self.builder.build_store(acc, self.zero_of(d)).unwrap();
            self.emit_loop(kx, &mut |k| {
                let p = self.bin(
                    mul,
                    at(xp, &[k], &xs, xt.dtype),
                    at(yp, &[k], &ys, yt.dtype),
                    d,
                );
                let s = self
                    .builder
                    .build_load(scalar_type(self.ctx, d), acc, "")
                    .unwrap();
                self.builder
                    .build_store(acc, self.bin(add, s, p, d))
                    .unwrap();
            });
            return self
                .builder
                .build_load(scalar_type(self.ctx, d), acc, "")
                .unwrap();
        }
        let out = self.alloc_array(d, &out_shape, Layout::C, true);
        let op = self.data_ptr(out);
        let rows = m.unwrap_or(self.i64(1));
        let cols = n.unwrap_or(self.i64(1));
        self.emit_loop(rows, &mut |i| {
            self.emit_loop(kx, &mut |k| {
                let xik = if xt.ndim == 2 {
                    at(xp, &[i, k], &xs, xt.dtype)
                } else {
                    at(xp, &[k], &xs, xt.dtype)
                };
                self.emit_loop(cols, &mut |j| {
                    let ykj = if yt.ndim == 2 {
                        at(yp, &[k, j], &ys, yt.dtype)
                    } else {
                        at(yp, &[k], &ys, yt.dtype)
                    };
                    let b = &self.builder;
                    let flat = b
                        .build_int_add(b.build_int_mul(i, cols, "").unwrap(), j, "")
                        .unwrap();
                    let q = unsafe {
                        b.build_in_bounds_gep(element_memory_type(self.ctx, d), op, &[flat], "")
                    }
                    .unwrap();
                    let cur = self.load_at(q, d);
                    let prod = self.bin(mul, xik, ykj, d);
                    self.store_at(q, d, self.bin(add, cur, prod, d));
                });
            });
        });
        out
    }
}
