"""Usage: python3 make-chromium-whip-offer.py plain|simulcast > offer.sdp

Serves make-chromium-whip-offer.html on 127.0.0.1, opens it in Debian's headless Chromium with the loopback-only
flags of shared/TESTING.md plus the fake camera/microphone, and prints the offer the page POSTs back.
"""
import http.server, os, pathlib, subprocess, sys, tempfile, threading

mode = sys.argv[1] if len(sys.argv) > 1 else 'plain'
page = (pathlib.Path(__file__).parent / 'make-chromium-whip-offer.html').read_bytes()
offer = {}
done = threading.Event()

class Handler(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200); self.send_header('Content-Type', 'text/html'); self.end_headers(); self.wfile.write(page)
    def do_POST(self):
        offer['sdp'] = self.rfile.read(int(self.headers['Content-Length'])).decode()
        self.send_response(204); self.end_headers(); done.set()
    def log_message(self, *args):
        pass

server = http.server.HTTPServer(('127.0.0.1', 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
with tempfile.TemporaryDirectory() as profile:
    os.makedirs(f'{profile}/Default')
    pathlib.Path(f'{profile}/Default/Preferences').write_text('{"webrtc":{"ip_handling_policy":"default_public_and_private_interfaces"}}')
    chromium = subprocess.Popen([
        'chromium', '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync',
        '--allow-loopback-in-peer-connection', '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream',
        '--autoplay-policy=no-user-gesture-required', '--mute-audio',
        '--disable-background-timer-throttling', '--disable-backgrounding-occluded-windows', '--disable-renderer-backgrounding',
        '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
        '--disable-features=WebRtcHideLocalIpsWithMdns,MediaRouter,DialMediaRouteProvider,Translate,OptimizationHints,AutofillServerCommunication,CertificateTransparencyComponentUpdater',
        '--disable-domain-reliability', '--disable-client-side-phishing-detection', '--disable-breakpad', '--disable-extensions',
        f'--user-data-dir={profile}', f'http://127.0.0.1:{server.server_port}/#{mode}'],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        ok = done.wait(30)
    finally:
        chromium.terminate(); chromium.wait(10)
server.shutdown()
if not ok or offer['sdp'].startswith('ERR'):
    print(offer.get('sdp', 'timed out'), file=sys.stderr); sys.exit(2)
sys.stdout.write(offer['sdp'])
