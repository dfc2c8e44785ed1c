/** Plausible teachers' comments (nhận xét) by level, so generated records read like real ones. */
export const SUBJECT_COMMENTS: Readonly<Record<string, Record<'T' | 'H' | 'C', string[]>>> = {
  'tieng-viet': {
    T: [
      'Đọc lưu loát, diễn cảm; viết đúng chính tả, chữ đẹp.',
      'Đọc to, rõ ràng; viết đoạn văn mạch lạc, giàu cảm xúc.',
    ],
    H: [
      'Đọc đúng, viết tương đối đúng chính tả; cần viết chữ cẩn thận hơn.',
      'Đọc trôi chảy; viết văn còn ngắn, cần mở rộng ý.',
    ],
    C: ['Đọc còn chậm, viết sai chính tả nhiều; cần luyện đọc, viết thêm ở nhà.'],
  },
  toan: {
    T: [
      'Tính toán nhanh, chính xác; giải toán có lời văn tốt.',
      'Nắm chắc kiến thức, vận dụng linh hoạt vào bài tập.',
    ],
    H: [
      'Thực hiện được các phép tính; cần cẩn thận hơn khi trình bày.',
      'Biết giải toán có lời văn; đôi khi còn nhầm đơn vị.',
    ],
    C: ['Còn nhầm lẫn khi tính toán; cần được hỗ trợ thêm.'],
  },
};

export const GENERIC_SUBJECT_COMMENTS: Record<'T' | 'H' | 'C', string[]> = {
  T: [
    'Tích cực tham gia, hoàn thành tốt các nội dung học tập.',
    'Nắm vững kiến thức, kĩ năng; hăng hái phát biểu.',
  ],
  H: ['Hoàn thành các nội dung học tập.', 'Biết vận dụng kiến thức đã học; cần mạnh dạn hơn.'],
  C: ['Chưa hoàn thành một số nội dung; cần cố gắng nhiều hơn.'],
};

export const QUALITY_COMMENTS: Record<'T' | 'Đ' | 'C', string[]> = {
  T: ['Thực hiện tốt, là tấm gương cho các bạn.', 'Luôn tự giác, được bạn bè quý mến.'],
  Đ: ['Thực hiện được; cần chủ động hơn.', 'Có ý thức, đôi khi cần nhắc nhở.'],
  C: ['Cần cố gắng nhiều hơn, gia đình cần phối hợp nhắc nhở.'],
};
