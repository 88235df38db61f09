using System.Collections.Immutable;
using System.Reflection.Emit;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Layerwise.Tests.Architecture;

/// <summary>One type's use of another type of the same assembly (nested and compiler-generated types count as
/// their outermost declaring type, so a lambda's closure belongs to the method's class).</summary>
public sealed record TypeReference(string FromNamespace, string FromType, string ToNamespace, string ToType);

/// <summary>
/// Every reference between the types of one assembly, read from its metadata and IL (no loading, no reflection over
/// live types): base types, interfaces, generic constraints, field, method, property and local-variable signatures,
/// attribute constructors, and every type, method and field token in the method bodies.
/// </summary>
public static class TypeReferences
{
    public static IReadOnlyList<TypeReference> Read(string assemblyPath)
    {
        using var stream = File.OpenRead(assemblyPath);
        using var pe = new PEReader(stream);
        var md = pe.GetMetadataReader();
        var collector = new Collector(md);
        var result = new HashSet<TypeReference>();
        foreach (var handle in md.TypeDefinitions)
        {
            var (fromNs, fromName) = Outermost(md, handle);
            collector.Found.Clear();
            Visit(md, pe, handle, collector);
            foreach (var target in collector.Found)
            {
                var (toNs, toName) = Outermost(md, target);
                if (toNs != fromNs || toName != fromName)
                    result.Add(new TypeReference(fromNs, fromName, toNs, toName));
            }
        }
        return [.. result];
    }

    static (string Namespace, string Name) Outermost(MetadataReader md, TypeDefinitionHandle handle)
    {
        var type = md.GetTypeDefinition(handle);
        while (type.GetDeclaringType() is { IsNil: false } outer)
            type = md.GetTypeDefinition(outer);
        return (md.GetString(type.Namespace), md.GetString(type.Name));
    }

    static void Visit(MetadataReader md, PEReader pe, TypeDefinitionHandle handle, Collector c)
    {
        var type = md.GetTypeDefinition(handle);
        c.Entity(type.BaseType);
        foreach (var i in type.GetInterfaceImplementations())
            c.Entity(md.GetInterfaceImplementation(i).Interface);
        Generics(md, type.GetGenericParameters(), c);
        Attributes(md, type.GetCustomAttributes(), c);
        foreach (var f in type.GetFields())
        {
            var field = md.GetFieldDefinition(f);
            field.DecodeSignature(c, null);
            Attributes(md, field.GetCustomAttributes(), c);
        }
        foreach (var p in type.GetProperties())
        {
            var property = md.GetPropertyDefinition(p);
            property.DecodeSignature(c, null);
            Attributes(md, property.GetCustomAttributes(), c);
        }
        foreach (var m in type.GetMethods())
        {
            var method = md.GetMethodDefinition(m);
            method.DecodeSignature(c, null);
            Generics(md, method.GetGenericParameters(), c);
            Attributes(md, method.GetCustomAttributes(), c);
            foreach (var p in method.GetParameters())
                Attributes(md, md.GetParameter(p).GetCustomAttributes(), c);
            if (method.RelativeVirtualAddress != 0)
                Body(md, pe.GetMethodBody(method.RelativeVirtualAddress), c);
        }
    }

    static void Generics(MetadataReader md, GenericParameterHandleCollection parameters, Collector c)
    {
        foreach (var g in parameters)
            foreach (var k in md.GetGenericParameter(g).GetConstraints())
                c.Entity(md.GetGenericParameterConstraint(k).Type);
    }

    static void Attributes(MetadataReader md, CustomAttributeHandleCollection attributes, Collector c)
    {
        foreach (var a in attributes)
            c.Entity(md.GetCustomAttribute(a).Constructor);
    }

    static void Body(MetadataReader md, MethodBodyBlock body, Collector c)
    {
        if (!body.LocalSignature.IsNil)
            md.GetStandaloneSignature(body.LocalSignature).DecodeLocalSignature(c, null);
        var il = body.GetILReader();
        while (il.RemainingBytes > 0)
        {
            int code = il.ReadByte();
            if (code == 0xFE)
                code = 0xFE00 | il.ReadByte();
            var operand = Operands.TryGetValue(code, out var t) ? t
                : throw new InvalidDataException($"unknown IL opcode 0x{code:X}");
            switch (operand)
            {
                case OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType:
                    c.Entity(MetadataTokens.EntityHandle(il.ReadInt32()));
                    break;
                case OperandType.InlineSwitch:
                    int n = il.ReadInt32();
                    il.Offset += 4 * n;
                    break;
                default:
                    il.Offset += OperandSize(operand);
                    break;
            }
        }
    }

    static int OperandSize(OperandType t) => t switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        _ => 4, // branch targets, int32, float32, string and signature tokens
    };

    /// <summary>Operand kind of every IL opcode, from the runtime's own opcode table.</summary>
    static readonly Dictionary<int, OperandType> Operands = typeof(OpCodes).GetFields()
        .Select(f => (OpCode)f.GetValue(null)!)
        .ToDictionary(o => (int)(ushort)o.Value, o => o.OperandType);

    /// <summary>Signature decoder that records every type definition of the assembly it meets.</summary>
    sealed class Collector(MetadataReader md) : ISignatureTypeProvider<bool, object?>
    {
        public HashSet<TypeDefinitionHandle> Found { get; } = [];

        public void Entity(EntityHandle handle)
        {
            if (handle.IsNil)
                return;
            switch (handle.Kind)
            {
                case HandleKind.TypeDefinition:
                    Found.Add((TypeDefinitionHandle)handle);
                    break;
                case HandleKind.TypeSpecification:
                    md.GetTypeSpecification((TypeSpecificationHandle)handle).DecodeSignature(this, null);
                    break;
                case HandleKind.MethodDefinition:
                    Found.Add(md.GetMethodDefinition((MethodDefinitionHandle)handle).GetDeclaringType());
                    break;
                case HandleKind.FieldDefinition:
                    Found.Add(md.GetFieldDefinition((FieldDefinitionHandle)handle).GetDeclaringType());
                    break;
                case HandleKind.MemberReference:
                    var member = md.GetMemberReference((MemberReferenceHandle)handle);
                    Entity(member.Parent);
                    if (member.GetKind() == MemberReferenceKind.Method)
                        member.DecodeMethodSignature(this, null);
                    else
                        member.DecodeFieldSignature(this, null);
                    break;
                case HandleKind.MethodSpecification:
                    var spec = md.GetMethodSpecification((MethodSpecificationHandle)handle);
                    Entity(spec.Method);
                    spec.DecodeSignature(this, null);
                    break;
            }
        }

        public bool GetTypeFromDefinition(MetadataReader reader, TypeDefinitionHandle handle, byte rawTypeKind) => Found.Add(handle);
        public bool GetTypeFromReference(MetadataReader reader, TypeReferenceHandle handle, byte rawTypeKind) => false;
        public bool GetTypeFromSpecification(MetadataReader reader, object? genericContext, TypeSpecificationHandle handle, byte rawTypeKind)
        {
            reader.GetTypeSpecification(handle).DecodeSignature(this, genericContext);
            return false;
        }
        public bool GetPrimitiveType(PrimitiveTypeCode typeCode) => false;
        public bool GetSZArrayType(bool elementType) => false;
        public bool GetArrayType(bool elementType, ArrayShape shape) => false;
        public bool GetByReferenceType(bool elementType) => false;
        public bool GetPointerType(bool elementType) => false;
        public bool GetPinnedType(bool elementType) => false;
        public bool GetGenericInstantiation(bool genericType, ImmutableArray<bool> typeArguments) => false;
        public bool GetGenericMethodParameter(object? genericContext, int index) => false;
        public bool GetGenericTypeParameter(object? genericContext, int index) => false;
        public bool GetFunctionPointerType(MethodSignature<bool> signature) => false;
        public bool GetModifiedType(bool modifier, bool unmodifiedType, bool isRequired) => false;
    }
}
