#!/usr/bin/python3
"""A simulated IP camera: GStreamer's RTSP server serving looping H.264 clips without re-encoding.

Each mount (e.g. /cam1) plays one MP4 file forever. A reader pipeline demuxes the file
(filesrc ! qtdemux ! h264parse ! appsink); its access units are restamped so that timestamps keep
increasing across loops (offset += clip duration on every rewind) and fed to an appsrc in the RTSP
media, paced against the clock by clocksync, as a live camera would send them. No decode, no encode.

Every client gets its own media (not shared), so a new session starts on a keyframe, as most cameras do.
Transports: RTP over UDP and interleaved over TCP. Optional basic + digest authentication.

Usage: rtsp_camera.py --port 8554 [--user U --password P | env CAMERA_USER/CAMERA_PASSWORD] [--parent-pid PID] --mount cam1=/path/a.mp4 ...
Exits on SIGTERM/SIGINT and when the parent process dies.
"""
import argparse
import os
import signal
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtsp", "1.0")
gi.require_version("GstRtspServer", "1.0")
gi.require_version("GstApp", "1.0")
from gi.repository import GLib, Gst, GstApp, GstRtsp, GstRtspServer  # noqa: E402

Gst.init(None)


def log(msg):
    print(msg, flush=True)


class LoopingClip:
    """Reads one MP4 and yields its access units forever with monotonically increasing timestamps."""

    def __init__(self, path):
        self.path = path
        self.pipeline = Gst.parse_launch(
            "filesrc name=src ! qtdemux ! h264parse config-interval=-1 ! "
            "video/x-h264,stream-format=byte-stream,alignment=au ! appsink name=sink sync=false max-buffers=8")
        self.pipeline.get_by_name("src").set_property("location", path)
        self.sink = self.pipeline.get_by_name("sink")
        self.offset = 0          # added to every timestamp of the current loop
        self.loop_start = None   # first pts of the current loop
        self.last_pts = 0        # last restamped pts
        self.frame_duration = Gst.SECOND // 25
        self.loops = 0
        self.caps = None
        self.pipeline.set_state(Gst.State.PLAYING)

    def next_buffer(self):
        sample = self.sink.emit("try-pull-sample", 5 * Gst.SECOND)
        if sample is None:
            if not self.sink.get_property("eos"):
                return None
            self._rewind()
            sample = self.sink.emit("try-pull-sample", 5 * Gst.SECOND)
            if sample is None:
                return None
        if self.caps is None:
            self.caps = sample.get_caps()
        src = sample.get_buffer()
        pts = src.pts if src.pts != Gst.CLOCK_TIME_NONE else src.dts
        if pts == Gst.CLOCK_TIME_NONE:
            pts = (self.loop_start or 0) + self.frame_duration
        if self.loop_start is None:
            self.loop_start = pts
        if src.duration != Gst.CLOCK_TIME_NONE and src.duration > 0:
            self.frame_duration = src.duration
        buf = src.copy()  # shares the memory: no copy of the bitstream
        buf.pts = self.offset + (pts - self.loop_start)
        buf.dts = buf.pts  # the clips have no B-frames
        buf.duration = self.frame_duration
        self.last_pts = buf.pts
        return buf

    def _rewind(self):
        self.loops += 1
        self.offset = self.last_pts + self.frame_duration
        self.loop_start = None
        self.pipeline.seek_simple(Gst.Format.TIME, Gst.SeekFlags.FLUSH | Gst.SeekFlags.KEY_UNIT, 0)

    def close(self):
        self.pipeline.set_state(Gst.State.NULL)


class LoopingFactory(GstRtspServer.RTSPMediaFactory):
    def __init__(self, path):
        super().__init__()
        self.path = path
        self.set_shared(False)
        self.set_protocols(GstRtsp.RTSPLowerTrans.TCP | GstRtsp.RTSPLowerTrans.UDP)
        # The caps of the clip (with codec_data) so that the SDP carries sprop-parameter-sets.
        probe = LoopingClip(path)
        first = probe.next_buffer()
        self.caps = probe.caps
        probe.close()
        if first is None or self.caps is None:
            raise SystemExit("cannot read H.264 from " + path)

    def do_create_element(self, url):
        return Gst.parse_launch(
            "appsrc name=clip is-live=true format=time do-timestamp=false min-latency=0 ! clocksync ! "
            "rtph264pay name=pay0 pt=96 config-interval=-1 aggregate-mode=zero-latency")

    def do_configure(self, media):
        element = media.get_element()
        appsrc = element.get_by_name_recurse_up("clip")
        appsrc.set_property("caps", self.caps)
        clip = LoopingClip(self.path)
        started = {}

        def need_data(src, _length):
            buf = clip.next_buffer()
            if buf is None:
                src.emit("end-of-stream")
                return
            # Running time starts when the media goes to PLAYING: align the clip's first buffer with it.
            if "base" not in started:
                started["base"] = buf.pts
            buf.pts -= started["base"]
            buf.dts = buf.pts
            src.emit("push-buffer", buf)

        appsrc.connect("need-data", need_data)
        media.connect("unprepared", lambda *_: clip.close())


def set_auth_methods(auth, which):
    if which == "basic":
        auth.set_supported_methods(GstRtsp.RTSPAuthMethod.BASIC)
    elif which == "digest":
        auth.set_supported_methods(GstRtsp.RTSPAuthMethod.DIGEST)
    else:
        # The C API takes a bit mask but GI only accepts single enum values: call it through ctypes.
        import ctypes
        lib = ctypes.CDLL("libgstrtspserver-1.0.so.0")
        ctypes.pythonapi.PyCapsule_GetPointer.restype = ctypes.c_void_p
        ctypes.pythonapi.PyCapsule_GetPointer.argtypes = [ctypes.py_object, ctypes.c_char_p]
        pointer = ctypes.pythonapi.PyCapsule_GetPointer(auth.__gpointer__, None)
        lib.gst_rtsp_auth_set_supported_methods.argtypes = [ctypes.c_void_p, ctypes.c_int]
        lib.gst_rtsp_auth_set_supported_methods(pointer, int(GstRtsp.RTSPAuthMethod.BASIC)
                                                | int(GstRtsp.RTSPAuthMethod.DIGEST))


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--port", type=int, default=8554)
    parser.add_argument("--address", default="127.0.0.1")
    parser.add_argument("--mount", action="append", required=True, help="name=path/to/clip.mp4")
    # Credentials may also come from CAMERA_USER / CAMERA_PASSWORD (kept out of the process list).
    parser.add_argument("--user", default=os.environ.get("CAMERA_USER"))
    parser.add_argument("--password", default=os.environ.get("CAMERA_PASSWORD"))
    parser.add_argument("--auth", choices=["basic", "digest", "both"], default="both",
                        help="challenges offered to clients (both: digest and basic)")
    parser.add_argument("--tls-cert", help="PEM certificate: serve RTSPS (RTSP over TLS) instead of RTSP")
    parser.add_argument("--tls-key", help="PEM private key of --tls-cert")
    parser.add_argument("--parent-pid", type=int)
    args = parser.parse_args()

    server = GstRtspServer.RTSPServer()
    server.set_address(args.address)
    server.set_service(str(args.port))
    mounts = server.get_mount_points()
    for spec in args.mount:
        name, _, path = spec.partition("=")
        if not path or not os.path.isfile(path):
            raise SystemExit("bad --mount " + spec + " (expected name=/existing/file.mp4)")
        factory = LoopingFactory(path)
        if args.user or args.tls_cert:
            permissions = GstRtspServer.RTSPPermissions()
            permissions.add_permission_for_role("viewer", GstRtspServer.RTSP_PERM_MEDIA_FACTORY_ACCESS, True)
            permissions.add_permission_for_role("viewer", GstRtspServer.RTSP_PERM_MEDIA_FACTORY_CONSTRUCT, True)
            factory.set_permissions(permissions)
        mounts.add_factory("/" + name.strip("/"), factory)

    auth = None
    if args.user or args.tls_cert:
        auth = GstRtspServer.RTSPAuth()
    if args.tls_cert:
        gi.require_version("Gio", "2.0")
        from gi.repository import Gio
        auth.set_tls_certificate(Gio.TlsCertificate.new_from_files(args.tls_cert, args.tls_key or args.tls_cert))
        if not args.user:
            # TLS without credentials: every client is a viewer.
            token = GstRtspServer.RTSPToken()
            token.set_string(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, "viewer")
            auth.set_default_token(token)
        server.set_auth(auth)
    if args.user:
        token = GstRtspServer.RTSPToken()
        token.set_string(GstRtspServer.RTSP_TOKEN_MEDIA_FACTORY_ROLE, "viewer")
        auth.add_basic(GstRtspServer.RTSPAuth.make_basic(args.user, args.password or ""), token)
        auth.add_digest(args.user, args.password or "", token)
        set_auth_methods(auth, args.auth)
        server.set_auth(auth)

    loop = GLib.MainLoop()
    if server.attach(None) == 0:
        raise SystemExit("cannot listen on %s:%d" % (args.address, args.port))

    def quit_loop(*_):
        loop.quit()
        return False

    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGTERM, quit_loop)
    GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signal.SIGINT, quit_loop)

    if args.parent_pid:
        def parent_alive():
            try:
                os.kill(args.parent_pid, 0)
            except ProcessLookupError:
                log("parent %d is gone, exiting" % args.parent_pid)
                loop.quit()
                return False
            except PermissionError:
                pass
            return True
        GLib.timeout_add(500, parent_alive)

    log("rtsp camera listening on rtsp://%s:%d %s" % (args.address, server.get_bound_port(),
                                                      " ".join("/" + m.partition("=")[0] for m in args.mount)))
    loop.run()
    log("rtsp camera stopped")
    sys.exit(0)


if __name__ == "__main__":
    main()
