using ControlPlane.Storage;

namespace ControlPlane.Tests.Storage.TestSupport;

/// <summary>Reads database files as raw bytes while SQLite may still have them open.</summary>
internal static class RawFile
{
    public static byte[] ReadShared(string path)
    {
        if (!File.Exists(path))
        {
            return [];
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    public static bool Contains(byte[] haystack, ReadOnlySpan<byte> needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
