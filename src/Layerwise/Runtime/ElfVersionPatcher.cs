using System.Buffers.Binary;
using System.Text;

namespace Layerwise.Runtime;

/// <summary>What <see cref="ElfVersionPatcher.Patch"/> changed in an ELF image.</summary>
/// <param name="Changed">False when the image already had no hard need on the version (idempotent re-run).</param>
/// <param name="RenamedSymbols">Pairs (old name, new name) of dynamic symbols that were re-pointed.</param>
public sealed record ElfPatchReport(bool Changed, IReadOnlyList<(string From, string To)> RenamedSymbols);

/// <summary>
/// Removes a shared object's hard dependency on one symbol version that the system's library lacks.
/// TorchSharp 0.107's libLibTorchSharp.so needs GLIBCXX_3.4.32 for a single symbol
/// (std::ios_base_library_init(), a no-op hook emitted by GCC 13); Debian 12's libstdc++ stops at 3.4.30.
/// The fix, in a copy of the file: mark the version need weak, give each symbol bound to it the global
/// version index 1, and rename it to an existing no-argument function of the same library.
/// Only 64-bit little-endian ELF is handled (x86-64, arm64 Linux): that is what libtorch ships.
/// </summary>
public static class ElfVersionPatcher
{
    const uint ShtDynsym = 11;
    const uint ShtGnuVerneed = 0x6ffffffe;
    const uint ShtGnuVersym = 0x6fffffff;
    const ushort VerFlagWeak = 0x2;
    const ushort VersionIndexGlobal = 1;

    /// <summary>The replacement used for libLibTorchSharp.so.</summary>
    public static readonly IReadOnlyDictionary<string, string> TorchSharpReplacements =
        new Dictionary<string, string> { ["_ZSt21ios_base_library_initv"] = "_ZSt15get_new_handlerv" };

    /// <summary>True when the image has a non-weak need on <paramref name="version"/> (e.g. GLIBCXX_3.4.32).</summary>
    public static bool RequiresVersion(ReadOnlySpan<byte> image, string version)
    {
        var elf = Elf.Parse(image);
        return elf.FindVernaux(image, version) is { } aux && (aux.Flags & VerFlagWeak) == 0;
    }

    /// <summary>Patches <paramref name="image"/> in place. Throws <see cref="InvalidDataException"/> when
    /// the file is not a supported ELF or a symbol bound to the version has no known replacement.</summary>
    public static ElfPatchReport Patch(Span<byte> image, string version, IReadOnlyDictionary<string, string> replacements)
    {
        var elf = Elf.Parse(image);
        var aux = elf.FindVernaux(image, version);
        if (aux is null)
            return new ElfPatchReport(false, []);

        // Plan every change before writing, so that a refusal leaves the image untouched.
        var renames = new List<(int SymIndex, uint NameOffset, string From, string To)>();
        for (int i = 0; i < elf.DynsymCount; i++)
        {
            ushort versym = BinaryPrimitives.ReadUInt16LittleEndian(image[(int)(elf.Versym.Offset + 2 * (ulong)i)..]);
            if ((versym & 0x7fff) != aux.Value.Other)
                continue;
            uint nameOffset = BinaryPrimitives.ReadUInt32LittleEndian(image[(int)(elf.Dynsym.Offset + 24 * (ulong)i)..]);
            string name = elf.ReadDynstr(image, nameOffset);
            if (!replacements.TryGetValue(name, out var to))
                throw new InvalidDataException($"symbol '{name}' needs {version} and has no known replacement; refusing to patch");
            if (Encoding.ASCII.GetByteCount(to) > Encoding.ASCII.GetByteCount(name))
                throw new InvalidDataException($"replacement '{to}' is longer than '{name}'");
            renames.Add((i, nameOffset, name, to));
        }

        // A string tail shared with another symbol name would be corrupted by the rename.
        foreach (var r in renames)
        {
            uint end = r.NameOffset + (uint)r.From.Length;
            for (int i = 0; i < elf.DynsymCount; i++)
            {
                uint other = BinaryPrimitives.ReadUInt32LittleEndian(image[(int)(elf.Dynsym.Offset + 24 * (ulong)i)..]);
                if (other > r.NameOffset && other < end)
                    throw new InvalidDataException($"the name of '{r.From}' shares bytes with another symbol; refusing to patch");
            }
        }

        bool changed = (aux.Value.Flags & VerFlagWeak) == 0 || renames.Count > 0;
        BinaryPrimitives.WriteUInt16LittleEndian(image[(aux.Value.Position + 4)..], (ushort)(aux.Value.Flags | VerFlagWeak));
        foreach (var r in renames)
        {
            BinaryPrimitives.WriteUInt16LittleEndian(image[(int)(elf.Versym.Offset + 2 * (ulong)r.SymIndex)..], VersionIndexGlobal);
            var target = image.Slice((int)(elf.Dynstr.Offset + r.NameOffset), r.From.Length + 1);
            target.Clear();
            Encoding.ASCII.GetBytes(r.To, target);
        }
        return new ElfPatchReport(changed, renames.Select(r => (r.From, r.To)).ToList());
    }

    readonly record struct Section(ulong Offset, ulong Size, uint Link, uint Info);

    readonly record struct Vernaux(int Position, ushort Flags, ushort Other);

    sealed class Elf
    {
        public Section Dynsym { get; private init; }
        public Section Dynstr { get; private init; }
        public Section Versym { get; private init; }
        public Section Verneed { get; private init; }
        public int DynsymCount => (int)(Dynsym.Size / 24);

        public static Elf Parse(ReadOnlySpan<byte> image)
        {
            if (image.Length < 64 || image[0] != 0x7f || image[1] != (byte)'E' || image[2] != (byte)'L' || image[3] != (byte)'F')
                throw new InvalidDataException("not an ELF file");
            if (image[4] != 2 || image[5] != 1)
                throw new InvalidDataException("only 64-bit little-endian ELF is supported");
            ulong shoff = BinaryPrimitives.ReadUInt64LittleEndian(image[0x28..]);
            ushort shentsize = BinaryPrimitives.ReadUInt16LittleEndian(image[0x3A..]);
            ushort shnum = BinaryPrimitives.ReadUInt16LittleEndian(image[0x3C..]);
            if (shentsize != 64 || shoff == 0 || shoff + (ulong)shnum * 64 > (ulong)image.Length)
                throw new InvalidDataException("ELF section header table is missing or out of range");

            var sections = new Section[shnum];
            var types = new uint[shnum];
            for (int i = 0; i < shnum; i++)
            {
                var sh = image[(int)(shoff + (ulong)i * 64)..];
                types[i] = BinaryPrimitives.ReadUInt32LittleEndian(sh[4..]);
                sections[i] = new Section(
                    BinaryPrimitives.ReadUInt64LittleEndian(sh[24..]),
                    BinaryPrimitives.ReadUInt64LittleEndian(sh[32..]),
                    BinaryPrimitives.ReadUInt32LittleEndian(sh[40..]),
                    BinaryPrimitives.ReadUInt32LittleEndian(sh[44..]));
                if (types[i] != 8 /* NOBITS */ && sections[i].Offset + sections[i].Size > (ulong)image.Length)
                    throw new InvalidDataException($"ELF section {i} lies outside the file");
            }
            int dynsym = Array.IndexOf(types, ShtDynsym);
            int versym = Array.IndexOf(types, ShtGnuVersym);
            int verneed = Array.IndexOf(types, ShtGnuVerneed);
            if (dynsym < 0 || versym < 0 || verneed < 0)
                throw new InvalidDataException("ELF file has no dynamic symbol version tables");
            return new Elf
            {
                Dynsym = sections[dynsym],
                Dynstr = sections[sections[dynsym].Link],
                Versym = sections[versym],
                Verneed = sections[verneed],
            };
        }

        public string ReadDynstr(ReadOnlySpan<byte> image, uint offset)
        {
            var s = image.Slice((int)(Dynstr.Offset + offset), (int)(Dynstr.Size - offset));
            int end = s.IndexOf((byte)0);
            return Encoding.ASCII.GetString(end < 0 ? s : s[..end]);
        }

        public Vernaux? FindVernaux(ReadOnlySpan<byte> image, string version)
        {
            int entry = (int)Verneed.Offset;
            int count = (int)Verneed.Info; // sh_info holds the number of Verneed entries
            for (int n = 0; n < count; n++)
            {
                ushort cnt = BinaryPrimitives.ReadUInt16LittleEndian(image[(entry + 2)..]);
                uint auxOff = BinaryPrimitives.ReadUInt32LittleEndian(image[(entry + 8)..]);
                uint next = BinaryPrimitives.ReadUInt32LittleEndian(image[(entry + 12)..]);
                int aux = entry + (int)auxOff;
                for (int a = 0; a < cnt; a++)
                {
                    ushort flags = BinaryPrimitives.ReadUInt16LittleEndian(image[(aux + 4)..]);
                    ushort other = BinaryPrimitives.ReadUInt16LittleEndian(image[(aux + 6)..]);
                    uint name = BinaryPrimitives.ReadUInt32LittleEndian(image[(aux + 8)..]);
                    if (ReadDynstr(image, name) == version)
                        return new Vernaux(aux, flags, other);
                    aux += (int)BinaryPrimitives.ReadUInt32LittleEndian(image[(aux + 12)..]);
                }
                if (next == 0)
                    break;
                entry += (int)next;
            }
            return null;
        }
    }
}
