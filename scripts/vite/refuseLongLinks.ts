/*
 * Node's HTTP parser answers a request line or headers over 16 KB with a bare "431" and no
 * page, so a huge `?c=` link showed nothing at all. This plugin answers such requests, in dev
 * and preview, with a page that says what happened and how to go on. Links up to that size
 * reach the app, which refuses an overlong configuration code itself (src/state/urlState.ts).
 */
import type { Server as HttpServer } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Plugin } from 'vite';

const LONG_LINK_PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Link too long · ResQuNN Lab</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>This link is too long</h1>
<p>The address (or its headers) is over the 16 KB this server reads, so it was not opened.
A ResQuNN Lab configuration code is about a hundred characters; the lab reads codes of at most
2,000 characters (the <code>c=</code> part of a link).</p>
<p>Check where the link came from, or <a href="/">open the lab with its default configuration</a>.</p>
</body></html>
`;

function answer(error: NodeJS.ErrnoException, socket: Duplex): void {
  if (!socket.writable) {
    socket.destroy(error);
    return;
  }
  if (error.code === 'HPE_HEADER_OVERFLOW') {
    const body = Buffer.from(LONG_LINK_PAGE, 'utf8');
    socket.end(
      'HTTP/1.1 414 URI Too Long\r\nContent-Type: text/html; charset=utf-8\r\n' +
        `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n${LONG_LINK_PAGE}`,
    );
    return;
  }
  // What Node does when no one listens: a bare 400 for any other malformed request.
  socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n');
}

/** Replaces Vite's own listener, which answers a bare 431 and logs a warning. */
function attach(server: HttpServer | null | undefined): void {
  server?.removeAllListeners('clientError');
  server?.on('clientError', answer);
}

export function refuseLongLinks(): Plugin {
  return {
    name: 'resqunn-refuse-long-links',
    configureServer: (server) => attach(server.httpServer as HttpServer | null),
    configurePreviewServer: (server) => attach(server.httpServer as HttpServer | null),
  };
}
