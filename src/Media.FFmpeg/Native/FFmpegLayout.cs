namespace Media.FFmpeg.Native;

/// <summary>Struct offsets and constants of FFmpeg 5.1 on x86-64/arm64 (LP64), verified by the layout test against the system headers.</summary>
/// <remarks>
/// Only fields without an AVOption equivalent are accessed by offset; everything else goes through av_opt_*.
/// Names mirror the C declarations so a move to FFmpeg.AutoGen's generated structs is a search-and-replace.
/// </remarks>
internal static class FFmpegLayout
{
    public const int AVFrame_data = 0;
    public const int AVFrame_extended_data = 96;
    public const int AVFrame_nb_samples = 112;
    public const int AVFrame_format = 116;
    public const int AVFrame_pts = 136;
    public const int AVFrame_sample_rate = 208;
    public const int AVFrame_ch_layout = 448;
    public const int AVFrame_width = 104;
    public const int AVFrame_height = 108;
    public const int AVFrame_pict_type = 124;

    public const int AVPacket_pts = 8;
    public const int AVPacket_data = 24;
    public const int AVPacket_size = 32;
    public const int AVPacket_dts = 16;
    public const int AVPacket_flags = 40;

    public const int AVCodecContext_time_base = 100;
    public const int AVCodecContext_sample_fmt = 360;
    public const int AVCodecContext_frame_size = 364;
    public const int AVCodecContext_initial_padding = 708;
    public const int AVCodecContext_framerate = 712;

    public const int AVChannelLayout_size = 24;
    public const int AVChannelLayout_nb_channels = 4;

    public const int AV_SAMPLE_FMT_S16 = 1;
    public const int AV_SAMPLE_FMT_FLT = 3;
    public const int AV_SAMPLE_FMT_FLTP = 8;

    public const int AV_PIX_FMT_YUV420P = 0;
    public const int AV_PICTURE_TYPE_NONE = 0;
    public const int AV_PICTURE_TYPE_I = 1;
    public const int AV_PICTURE_TYPE_P = 2;
    public const int AV_PICTURE_TYPE_B = 3;
    public const int AV_PKT_FLAG_KEY = 1;
    public const long AV_NOPTS_VALUE = long.MinValue;

    public const int AVERROR_EAGAIN = -11;
    public const int AVERROR_EOF = -541478725;
    public const int AVERROR_INVALIDDATA = -1094995529;

    public const int AV_OPT_SEARCH_CHILDREN = 1;
    public const int AV_INPUT_BUFFER_PADDING_SIZE = 64;
    public const int AV_LOG_FATAL = 8;

    /// <summary>All constants by their C name, for the layout test.</summary>
    public static IReadOnlyDictionary<string, long> ByCName { get; } = new Dictionary<string, long>
    {
        ["AVFrame.data"] = AVFrame_data,
        ["AVFrame.extended_data"] = AVFrame_extended_data,
        ["AVFrame.nb_samples"] = AVFrame_nb_samples,
        ["AVFrame.format"] = AVFrame_format,
        ["AVFrame.pts"] = AVFrame_pts,
        ["AVFrame.sample_rate"] = AVFrame_sample_rate,
        ["AVFrame.ch_layout"] = AVFrame_ch_layout,
        ["AVFrame.width"] = AVFrame_width,
        ["AVFrame.height"] = AVFrame_height,
        ["AVFrame.pict_type"] = AVFrame_pict_type,
        ["AVPacket.data"] = AVPacket_data,
        ["AVPacket.size"] = AVPacket_size,
        ["AVPacket.pts"] = AVPacket_pts,
        ["AVPacket.dts"] = AVPacket_dts,
        ["AVPacket.flags"] = AVPacket_flags,
        ["AVCodecContext.time_base"] = AVCodecContext_time_base,
        ["AVCodecContext.sample_fmt"] = AVCodecContext_sample_fmt,
        ["AVCodecContext.frame_size"] = AVCodecContext_frame_size,
        ["AVCodecContext.initial_padding"] = AVCodecContext_initial_padding,
        ["AVCodecContext.framerate"] = AVCodecContext_framerate,
        ["AVChannelLayout.size"] = AVChannelLayout_size,
        ["AVChannelLayout.nb_channels"] = AVChannelLayout_nb_channels,
        ["AV_SAMPLE_FMT_S16"] = AV_SAMPLE_FMT_S16,
        ["AV_SAMPLE_FMT_FLT"] = AV_SAMPLE_FMT_FLT,
        ["AV_SAMPLE_FMT_FLTP"] = AV_SAMPLE_FMT_FLTP,
        ["AV_PIX_FMT_YUV420P"] = AV_PIX_FMT_YUV420P,
        ["AV_PICTURE_TYPE_NONE"] = AV_PICTURE_TYPE_NONE,
        ["AV_PICTURE_TYPE_I"] = AV_PICTURE_TYPE_I,
        ["AV_PICTURE_TYPE_P"] = AV_PICTURE_TYPE_P,
        ["AV_PICTURE_TYPE_B"] = AV_PICTURE_TYPE_B,
        ["AV_PKT_FLAG_KEY"] = AV_PKT_FLAG_KEY,
        ["AV_NOPTS_VALUE"] = AV_NOPTS_VALUE,
        ["AVERROR_EAGAIN"] = AVERROR_EAGAIN,
        ["AVERROR_EOF"] = AVERROR_EOF,
        ["AVERROR_INVALIDDATA"] = AVERROR_INVALIDDATA,
        ["AV_OPT_SEARCH_CHILDREN"] = AV_OPT_SEARCH_CHILDREN,
        ["AV_INPUT_BUFFER_PADDING_SIZE"] = AV_INPUT_BUFFER_PADDING_SIZE,
        ["AV_LOG_FATAL"] = AV_LOG_FATAL,
    };
}
