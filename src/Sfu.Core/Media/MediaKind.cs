namespace Sfu.Core.Media;

/// <summary>Whether a track carries audio or video.</summary>
public enum MediaKind
{
    /// <summary>Audio track.</summary>
    Audio,

    /// <summary>Video track.</summary>
    Video,
}
