//! A page's pixels in memory mapped straight from the system, given back
//! to it the moment the page is encoded.
//!
//! A 2400 px page is about 18 MB of pixels. Allocated with `malloc`, the
//! first one freed raises glibc's threshold for mapping large blocks, so
//! every later page comes from its heaps and stays counted in the
//! process's memory after it is freed (a default run rasterises some
//! twenty pages on two threads). An anonymous map is returned whole when
//! dropped.

use resvg::tiny_skia::{PixmapMut, PixmapRef};

/// RGBA pixels (premultiplied, as tiny-skia draws them) of one page.
pub struct Raster {
    map: memmap2::MmapMut,
    width: u32,
    height: u32,
}

impl Raster {
    /// A transparent raster (a fresh anonymous map is zeroed), or `None`
    /// for an empty or impossibly large size, or when the system refuses
    /// the memory.
    pub fn new(width: u32, height: u32) -> Option<Raster> {
        let len = (width as usize)
            .checked_mul(height as usize)?
            .checked_mul(4)?;
        if len == 0 {
            return None;
        }
        let map = memmap2::MmapMut::map_anon(len).ok()?;
        // Every byte of a page is drawn: backed by 2 MB pages where the
        // system allows, it is faulted in with a few hundred page faults
        // instead of some four thousand (a kernel without transparent huge
        // pages refuses the advice, and small pages it is).
        #[cfg(target_os = "linux")]
        let _ = map.advise(memmap2::Advice::HugePage);
        let mut raster = Raster { map, width, height };
        // tiny-skia accepts the buffer (size, row length): checked once here.
        raster.pixmap_mut()?;
        Some(raster)
    }

    /// The pixels to draw into.
    pub fn pixmap_mut(&mut self) -> Option<PixmapMut<'_>> {
        PixmapMut::from_bytes(&mut self.map, self.width, self.height)
    }

    /// The pixels to read.
    pub fn pixmap(&self) -> Option<PixmapRef<'_>> {
        PixmapRef::from_bytes(&self.map, self.width, self.height)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use resvg::tiny_skia::{Color, Paint, Pixmap, Rect, Transform};

    /// A raster draws exactly as a tiny-skia pixmap of the same size.
    #[test]
    fn a_raster_draws_as_a_pixmap_does() {
        let mut paint = Paint::default();
        paint.set_color(Color::from_rgba8(200, 40, 30, 180));
        paint.anti_alias = true;
        let rect = Rect::from_xywh(3.3, 4.7, 20.2, 9.9).unwrap();
        let mut r = Raster::new(31, 17).unwrap();
        r.pixmap_mut()
            .unwrap()
            .fill_rect(rect, &paint, Transform::identity(), None);
        let mut p = Pixmap::new(31, 17).unwrap();
        p.fill_rect(rect, &paint, Transform::identity(), None);
        assert_eq!(r.pixmap().unwrap().data(), p.data());
        assert!(Raster::new(0, 5).is_none());
        assert!(Raster::new(u32::MAX, u32::MAX).is_none());
    }
}
