//! Data models: the LLVM type of each oxjit type, in registers and in memory.

use inkwell::builder::Builder;
use inkwell::context::Context;
use inkwell::types::{BasicType, BasicTypeEnum, StructType};
use inkwell::values::BasicValueEnum;
use inkwell::AddressSpace;
use oxjit_types::{Dtype, TupleType, Type};

/// LLVM type of a scalar in registers (`bool` is `i1`).
pub fn scalar_type<'c>(ctx: &'c Context, d: Dtype) -> BasicTypeEnum<'c> {
    match d {
        Dtype::Bool => ctx.bool_type().into(),
        Dtype::I8 | Dtype::U8 => ctx.i8_type().into(),
        Dtype::I16 | Dtype::U16 => ctx.i16_type().into(),
        Dtype::I32 | Dtype::U32 => ctx.i32_type().into(),
        Dtype::I64 | Dtype::U64 => ctx.i64_type().into(),
        Dtype::F32 => ctx.f32_type().into(),
        Dtype::F64 => ctx.f64_type().into(),
        Dtype::C64 => ctx
            .struct_type(&[ctx.f32_type().into(), ctx.f32_type().into()], false)
            .into(),
        Dtype::C128 => ctx
            .struct_type(&[ctx.f64_type().into(), ctx.f64_type().into()], false)
            .into(),
    }
}

/// The array header struct for `ndim` dimensions.
pub fn array_type(ctx: &Context, ndim: u8) -> StructType<'_> {
    let ptr = ctx.ptr_type(AddressSpace::default());
    let i64t = ctx.i64_type();
    let dims = i64t.array_type(ndim as u32);
    ctx.struct_type(
        &[
            ptr.into(),
            ptr.into(),
            i64t.into(),
            i64t.into(),
            ptr.into(),
            dims.into(),
            dims.into(),
        ],
        false,
    )
}

/// LLVM type of a value in registers.
pub fn value_type<'c>(ctx: &'c Context, t: &Type) -> BasicTypeEnum<'c> {
    match t {
        Type::Scalar(d) => scalar_type(ctx, *d),
        Type::Array(a) => array_type(ctx, a.ndim).into(),
        Type::Range => {
            let i = ctx.i64_type().into();
            ctx.struct_type(&[i, i, i], false).into()
        }
        // start, stop, step, and bit flags: 1 = start omitted, 2 = stop omitted.
        Type::Slice { .. } => {
            let i = ctx.i64_type().into();
            ctx.struct_type(&[i, i, i, i], false).into()
        }
        Type::List(_)
        | Type::Dict(_)
        | Type::DictView(..)
        | Type::CaughtException
        | Type::Generator(_) => ctx.ptr_type(inkwell::AddressSpace::default()).into(),
        Type::Unicode => {
            let ptr = ctx.ptr_type(inkwell::AddressSpace::default()).into();
            ctx.struct_type(&[ptr, ptr, ctx.i64_type().into()], false)
                .into()
        }
        Type::Tuple(TupleType { items, .. }) | Type::Zip(items) => {
            let fields: Vec<BasicTypeEnum> = items.iter().map(|t| value_type(ctx, t)).collect();
            ctx.struct_type(&fields, false).into()
        }
        Type::Enumerate(inner) => ctx
            .struct_type(&[ctx.i64_type().into(), value_type(ctx, inner)], false)
            .into(),
        Type::Optional(inner) => value_type(ctx, &Type::optional_pair(inner)),
        _ => ctx.struct_type(&[], false).into(),
    }
}

/// LLVM type of a value in memory (`bool` is one byte), matching `oxjit_types::layout`.
pub fn memory_type<'c>(ctx: &'c Context, t: &Type) -> BasicTypeEnum<'c> {
    match t {
        Type::Scalar(Dtype::Bool) => ctx.i8_type().into(),
        Type::Tuple(TupleType { items, .. }) | Type::Zip(items) => {
            let fields: Vec<BasicTypeEnum> = items.iter().map(|t| memory_type(ctx, t)).collect();
            ctx.struct_type(&fields, false).into()
        }
        Type::Enumerate(inner) => ctx
            .struct_type(&[ctx.i64_type().into(), memory_type(ctx, inner)], false)
            .into(),
        Type::Optional(inner) => memory_type(ctx, &Type::optional_pair(inner)),
        _ => value_type(ctx, t),
    }
}

/// The element type of an array's data in memory.
pub fn element_memory_type(ctx: &Context, d: Dtype) -> BasicTypeEnum<'_> {
    if d == Dtype::Bool {
        ctx.i8_type().as_basic_type_enum()
    } else {
        scalar_type(ctx, d)
    }
}

// ---- aggregates as scalar leaves (block parameters split into one phi per field) ----

/// Every scalar leaf of an aggregate type, in order: its index path and its type.
pub fn scalar_leaves(ty: BasicTypeEnum<'_>) -> Vec<(Vec<u32>, BasicTypeEnum<'_>)> {
    fn walk<'c>(
        ty: BasicTypeEnum<'c>,
        prefix: &mut Vec<u32>,
        out: &mut Vec<(Vec<u32>, BasicTypeEnum<'c>)>,
    ) {
        match ty {
            BasicTypeEnum::StructType(st) => {
                for (i, f) in st.get_field_types().into_iter().enumerate() {
                    prefix.push(i as u32);
                    walk(f, prefix, out);
                    prefix.pop();
                }
            }
            BasicTypeEnum::ArrayType(at) => {
                for i in 0..at.len() {
                    prefix.push(i);
                    walk(at.get_element_type(), prefix, out);
                    prefix.pop();
                }
            }
            leaf => out.push((prefix.clone(), leaf)),
        }
    }
    let mut out = Vec::new();
    walk(ty, &mut Vec::new(), &mut out);
    out
}

pub fn extract_path<'c>(
    builder: &Builder<'c>,
    v: BasicValueEnum<'c>,
    path: &[u32],
) -> BasicValueEnum<'c> {
    path.iter().fold(v, |agg, &i| match agg {
        BasicValueEnum::StructValue(sv) => builder.build_extract_value(sv, i, "").unwrap(),
        BasicValueEnum::ArrayValue(av) => builder.build_extract_value(av, i, "").unwrap(),
        _ => unreachable!("scalar values have no fields"),
    })
}

/// Builds a value of aggregate type `ty` from its scalar leaves, taken in
/// [`scalar_leaves`] order.
pub fn assemble<'c>(
    builder: &Builder<'c>,
    ty: BasicTypeEnum<'c>,
    parts: &mut dyn Iterator<Item = BasicValueEnum<'c>>,
) -> BasicValueEnum<'c> {
    match ty {
        BasicTypeEnum::StructType(st) => {
            let mut agg = st.get_undef();
            for (i, f) in st.get_field_types().into_iter().enumerate() {
                let x = assemble(builder, f, parts);
                agg = builder
                    .build_insert_value(agg, x, i as u32, "")
                    .unwrap()
                    .into_struct_value();
            }
            agg.into()
        }
        BasicTypeEnum::ArrayType(at) => {
            let mut agg = at.get_undef();
            for i in 0..at.len() {
                let x = assemble(builder, at.get_element_type(), parts);
                agg = builder
                    .build_insert_value(agg, x, i, "")
                    .unwrap()
                    .into_array_value();
            }
            agg.into()
        }
        _ => parts.next().expect("one part per scalar leaf"),
    }
}
