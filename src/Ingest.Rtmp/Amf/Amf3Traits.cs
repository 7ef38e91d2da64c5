namespace Ingest.Rtmp.Amf;

/// <summary>AMF3 object traits: class name, dynamic flag and sealed member names, shared by reference.</summary>
internal sealed record Amf3Traits(string ClassName, bool IsDynamic, string[] SealedMembers);
