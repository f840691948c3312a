//! Calling a C function through its address (`Intrinsic::CCall`): the C ABI of scalar
//! arguments and results is LLVM's own for these types.

use crate::function::FuncGen;
use crate::model::value_type;
use inkwell::types::{BasicMetadataTypeEnum, BasicType};
use inkwell::values::{BasicMetadataValueEnum, BasicValueEnum};
use inkwell::AddressSpace;
use oxjit_types::Type;

impl<'c> FuncGen<'c, '_> {
    /// `f(args)` for the C function at `address` taking `arg_types` and returning `rt`
    /// (`None` for void).
    pub fn c_call(
        &self,
        address: u64,
        args: &[BasicValueEnum<'c>],
        arg_types: &[Type],
        rt: &Type,
    ) -> BasicValueEnum<'c> {
        let params: Vec<BasicMetadataTypeEnum> = arg_types
            .iter()
            .map(|t| value_type(self.ctx, t).into())
            .collect();
        let fn_type = match rt {
            Type::None => self.ctx.void_type().fn_type(&params, false),
            t => value_type(self.ctx, t).fn_type(&params, false),
        };
        let pointer = self
            .i64(address as i64)
            .const_to_pointer(self.ctx.ptr_type(AddressSpace::default()));
        let args: Vec<BasicMetadataValueEnum> = args.iter().map(|&v| v.into()).collect();
        let call = self
            .builder
            .build_indirect_call(fn_type, pointer, &args, "")
            .unwrap();
        match call.try_as_basic_value().basic() {
            Some(v) => v,
            None => self.unit(&Type::None),
        }
    }
}
