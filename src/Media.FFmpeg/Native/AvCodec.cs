using System.Runtime.InteropServices;

namespace Media.FFmpeg.Native;

/// <summary>The libavcodec functions the audio bridge uses, with FFmpeg's exact C names and raw pointers.</summary>
/// <remarks>Pointers stay raw (nint) so the owning SafeHandles decide lifetime and a move to FFmpeg.AutoGen stays mechanical.</remarks>
internal static partial class AvCodec
{
    [LibraryImport(FFmpegLibraryNames.AvCodec, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint avcodec_find_decoder_by_name(string name);

    [LibraryImport(FFmpegLibraryNames.AvCodec, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint avcodec_find_encoder_by_name(string name);

    [LibraryImport(FFmpegLibraryNames.AvCodec)]
    public static partial nint avcodec_alloc_context3(nint codec);

    [LibraryImport(FFmpegLibraryNames.AvCodec)]
    public static partial void avcodec_free_context(ref nint avctx);

    [LibraryImport(FFmpegLibraryNames.AvCodec)]
    public static partial int avcodec_open2(nint avctx, nint codec, nint options);

    [LibraryImport(FFmpegLibraryNames.AvCodec)]
    public static partial int avcodec_send_packet(nint avctx, nint avpkt);

    [LibraryImport(FFmpegLibraryNames.AvCodec)]
    public static partial int avcodec_receive_frame(nint avctx, nint frame);

    [LibraryImport(FFmpegLibraryNames.AvCodec)]
    public static partial int avcodec_send_frame(nint avctx, nint frame);

    [LibraryImport(FFmpegLibraryNames.AvCodec)]
    public static partial int avcodec_receive_packet(nint avctx, nint avpkt);

    [LibraryImport(FFmpegLibraryNames.AvCodec)]
    public static partial nint av_packet_alloc();

    [LibraryImport(FFmpegLibraryNames.AvCodec)]
    public static partial void av_packet_free(ref nint pkt);

    [LibraryImport(FFmpegLibraryNames.AvCodec)]
    public static partial void av_packet_unref(nint pkt);
}
