namespace Ingest.Rtmp.Amf;

/// <summary>Bounds applied to untrusted AMF input and to values handed to the writer.</summary>
internal static class AmfLimits
{
    // Real command and metadata payloads nest three or four levels; 64 leaves headroom while keeping
    // the recursive decoder far from a stack overflow on hostile input.
    public const int MaxDepth = 64;
}
