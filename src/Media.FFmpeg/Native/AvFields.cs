namespace Media.FFmpeg.Native;

/// <summary>Typed access to the few struct fields that have no AVOption, at offsets from <see cref="FFmpegLayout"/>.</summary>
internal static unsafe class AvFields
{
    public static ref int FrameNbSamples(nint frame) => ref *(int*)(frame + FFmpegLayout.AVFrame_nb_samples);

    public static ref int FrameFormat(nint frame) => ref *(int*)(frame + FFmpegLayout.AVFrame_format);

    public static ref long FramePts(nint frame) => ref *(long*)(frame + FFmpegLayout.AVFrame_pts);

    public static ref int FrameSampleRate(nint frame) => ref *(int*)(frame + FFmpegLayout.AVFrame_sample_rate);

    public static nint FrameChLayout(nint frame) => frame + FFmpegLayout.AVFrame_ch_layout;

    public static int FrameChannels(nint frame) =>
        *(int*)(frame + FFmpegLayout.AVFrame_ch_layout + FFmpegLayout.AVChannelLayout_nb_channels);

    public static byte* FrameData0(nint frame) => *(byte**)(frame + FFmpegLayout.AVFrame_data);

    public static byte** FrameExtendedData(nint frame) => *(byte***)(frame + FFmpegLayout.AVFrame_extended_data);

    public static int FrameWidth(nint frame) => *(int*)(frame + FFmpegLayout.AVFrame_width);

    public static int FrameHeight(nint frame) => *(int*)(frame + FFmpegLayout.AVFrame_height);

    /// <summary>enum AVPictureType (int-sized): the decoder reports it, libx264 reads it as a frame-type request.</summary>
    public static ref int FramePictType(nint frame) => ref *(int*)(frame + FFmpegLayout.AVFrame_pict_type);

    public static ref byte* PacketData(nint packet) => ref *(byte**)(packet + FFmpegLayout.AVPacket_data);

    public static ref int PacketSize(nint packet) => ref *(int*)(packet + FFmpegLayout.AVPacket_size);

    public static ref long PacketPts(nint packet) => ref *(long*)(packet + FFmpegLayout.AVPacket_pts);

    public static ref long PacketDts(nint packet) => ref *(long*)(packet + FFmpegLayout.AVPacket_dts);

    public static ref int PacketFlags(nint packet) => ref *(int*)(packet + FFmpegLayout.AVPacket_flags);

    /// <summary>AVRational {num, den}; not an AVOption in FFmpeg 5.1, but libx264 derives its fps (rate control, VBV) from it.</summary>
    public static void SetCodecFramerate(nint avctx, int num, int den)
    {
        var rational = (int*)(avctx + FFmpegLayout.AVCodecContext_framerate);
        rational[0] = num;
        rational[1] = den;
    }

    public static ref int CodecSampleFmt(nint avctx) => ref *(int*)(avctx + FFmpegLayout.AVCodecContext_sample_fmt);

    public static int CodecFrameSize(nint avctx) => *(int*)(avctx + FFmpegLayout.AVCodecContext_frame_size);

    public static int CodecInitialPadding(nint avctx) => *(int*)(avctx + FFmpegLayout.AVCodecContext_initial_padding);
}
