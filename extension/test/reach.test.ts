/**
 * Where the extension acts and which adapter reads a page: managed `portals` as IT writes
 * them (good and bad entries), the match pattern registered for each, and the adapters'
 * trial order by URL (vendors' real domains, the replicas on loopback, a managed portal).
 */
import { describe, expect, it } from 'vitest';
import { orderAdapters, urlMatches } from '../src/adapters/order.js';
import { originPattern, parseManagedPortals, portalOrigin, scriptId } from '../src/reach/managed-portals.js';

const ids = (url: string, policy = { adapters: undefined as unknown, portals: undefined as unknown }) =>
  orderAdapters(url, policy).map((a) => a.id);

describe('managed portals', () => {
  it('keeps http(s) origins, names and adapters; refuses the rest, entry by entry', () => {
    const { portals, rejected } = parseManagedPortals([
      { name: 'Cổng Sở GD', origin: 'https://hocba.sogd.example.vn', adapter: 'vnedu-tong-ket' },
      { name: 'Cũ', url: 'https://cu.example.vn:8443/dang-nhap?x=1' },
      { name: 'Trùng', origin: 'https://hocba.sogd.example.vn/' },
      { name: 'Sai', origin: 'ftp://x.example.vn' },
      { name: 'Ký tự đại diện', origin: 'https://*.example.vn' },
      { name: 'Mật khẩu', origin: 'https://u:p@x.example.vn' },
      'https://chuoi.example.vn',
      null,
      { origin: 'javascript:alert(1)' },
    ]);
    expect(portals).toEqual([
      { name: 'Cổng Sở GD', origin: 'https://hocba.sogd.example.vn', adapter: 'vnedu-tong-ket' },
      { name: 'Cũ', origin: 'https://cu.example.vn:8443' },
    ]);
    expect(rejected.map((r) => [r.index, r.reason])).toEqual([
      [3, 'origin'],
      [4, 'origin'],
      [5, 'origin'],
      [6, 'shape'],
      [7, 'shape'],
      [8, 'origin'],
    ]);
  });

  it('reads nothing from a policy that is not a list, and at most 50 entries', () => {
    expect(parseManagedPortals({ origin: 'https://a.vn' }).portals).toEqual([]);
    expect(parseManagedPortals(undefined).portals).toEqual([]);
    const many = Array.from({ length: 80 }, (_, i) => ({
      name: `p${i}`,
      origin: `https://p${i}.example.vn`,
    }));
    expect(parseManagedPortals(many).portals).toHaveLength(50);
  });

  it('registers one pattern per portal: its host on any port, every path', () => {
    expect(originPattern('https://cu.example.vn:8443')).toBe('https://cu.example.vn/*');
    expect(originPattern('http://truong.test:8080')).toBe('http://truong.test/*');
    expect(scriptId('https://cu.example.vn:8443')).toBe('hocba-portal:https://cu.example.vn:8443');
    expect(portalOrigin('not a url')).toBeNull();
  });
});

describe('adapters by URL', () => {
  it('matches the vendors’ domains, bare host included, and nothing that only looks like them', () => {
    expect(urlMatches('https://*.vnedu.vn/*', 'https://vnedu.vn/tong-ket')).toBe(true);
    expect(urlMatches('https://*.vnedu.vn/*', 'https://hanoi.vnedu.vn/x')).toBe(true);
    expect(urlMatches('https://*.vnedu.vn/*', 'https://vnedu.vn.evil.example/x')).toBe(false);
    expect(urlMatches('https://*.vnedu.vn/*', 'http://hanoi.vnedu.vn/x')).toBe(false);
  });

  it('tries the vendor adapters on their domains, the generic one last', () => {
    expect(ids('https://truong.edoc.viettel.vn/so-ky-duyet/hoc-ba')).toEqual(['edoc-so-ky-duyet', 'generic']);
    expect(ids('https://hanoi.vnedu.vn/hoc-sinh')).toEqual([
      'vnedu-tong-ket',
      'vnedu-tiep-nhan-chuyen-truong',
      'generic',
    ]);
    expect(ids('https://example.com/')).toEqual(['generic']);
  });

  it('tries each replica’s adapter on its loopback pages', () => {
    expect(ids('http://127.0.0.1:41234/so-ky-duyet/hoc-ba-khoi-5?trang=2')[0]).toBe('edoc-so-ky-duyet');
    expect(ids('http://127.0.0.1:41234/hoc-sinh/tong-ket?lop=4b')[0]).toBe('vnedu-tong-ket');
    expect(ids('http://127.0.0.1:41234/hoc-sinh/tiep-nhan-chuyen-truong')[0]).toBe(
      'vnedu-tiep-nhan-chuyen-truong',
    );
  });

  it('puts the adapter IT names for a managed portal first, on that origin only', () => {
    const policy = {
      portals: [
        { name: 'Cổng trường', origin: 'https://hocba.truong.example.vn', adapter: 'vnedu-tong-ket' },
      ],
      adapters: [
        {
          id: 'it-fix',
          name: 'Sửa của CNTT',
          matches: ['https://hocba.truong.example.vn/*'],
          layout: { kind: 'columns' },
        },
        { id: 'broken', name: 'Thiếu layout', matches: ['*'] },
      ],
    };
    expect(ids('https://hocba.truong.example.vn/lop/5a', policy)).toEqual([
      'vnedu-tong-ket',
      'it-fix',
      'generic',
    ]);
    expect(ids('https://khac.example.vn/', policy)).toEqual(['generic']);
  });
});
