# The server image: the published ControlPlane on the ASP.NET runtime (Debian 12), with the FFmpeg libraries the
# codec bridge loads (AAC → Opus, B-frame H.264 re-encoding). Build: docker build -t sfu .
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props Sfu.sln ./
COPY src/ src/
RUN dotnet publish src/ControlPlane -c Release -o /app --nologo

FROM mcr.microsoft.com/dotnet/aspnet:10.0
RUN apt-get update \
 && apt-get install -y --no-install-recommends libavcodec59 libavutil57 libswresample4 libopus0 libx264-164 \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /app ./
# Keys, revocations and secrets live here (SQLite); mount a volume to keep them across restarts.
VOLUME /data
ENV Sfu__DataDirectory=/data \
    DOTNET_gcServer=1
# HTTP (WHEP, WHIP, player, /metrics, /healthz, /readyz), gRPC admin, RTMP, WebRTC media (UDP).
EXPOSE 8080/tcp 50051/tcp 1935/tcp 8000/udp
USER app
ENTRYPOINT ["dotnet", "ControlPlane.dll"]
