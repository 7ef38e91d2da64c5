namespace Media.FFmpeg.Tests.Support;

/// <summary>Tests that read the process's resident memory run alone, so other tests' allocations do not count.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessMemoryCollection
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Process memory";
}
