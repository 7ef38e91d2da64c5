namespace EndToEnd.Infrastructure;

/// <summary>A scratch directory for one test, removed afterwards.</summary>
public sealed class TempDirectory : IDisposable
{
    /// <summary>Creates a fresh directory under the system temp folder.</summary>
    public TempDirectory()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "sfu-e2e-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(Path);
    }

    /// <summary>The directory.</summary>
    public string Path { get; }

    /// <inheritdoc/>
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
