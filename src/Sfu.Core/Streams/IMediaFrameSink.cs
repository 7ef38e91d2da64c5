using Sfu.Core.Media;

namespace Sfu.Core.Streams;

/// <summary>Receives a track's coded frames (used where a track carries frames rather than RTP, like AAC).</summary>
public interface IMediaFrameSink
{
    /// <summary>Called once per frame on the publisher's thread; copy the data to keep it.</summary>
    void OnFrame(MediaTrack track, in MediaFrame frame);
}
